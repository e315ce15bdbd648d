"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function WalletError(props: ErrorPageProps) {
  return <PageError what="wallet" {...props} />;
}
