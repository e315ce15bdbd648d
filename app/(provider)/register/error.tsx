"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function RegisterError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-md">
      <PageError what="cash register" {...props} />
    </div>
  );
}
