"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function ReceiptsError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-lg">
      <PageError what="receipts" {...props} />
    </div>
  );
}
