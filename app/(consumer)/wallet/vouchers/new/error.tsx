"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function VouchersError(props: ErrorPageProps) {
  return <PageError what="vouchers" {...props} />;
}
