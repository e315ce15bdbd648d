"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function ConfirmEmailError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-lg">
      <PageError what="e-mail confirmation" {...props} />
    </div>
  );
}
