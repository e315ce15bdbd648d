"use client";

import { Logo } from "@/components/shell/logo";
import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function ProgramPageError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-5 py-4">
      <Logo />
      <PageError what="program page" {...props} />
    </div>
  );
}
