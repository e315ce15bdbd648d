"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function WithdrawError(props: ErrorPageProps) {
  return <PageError what="withdrawals" {...props} />;
}
