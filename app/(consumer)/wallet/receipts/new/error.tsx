"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function NewReceiptError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-lg">
      <PageError what="receipt form" {...props} />
    </div>
  );
}
