"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function LinkedAccountsError(props: ErrorPageProps) {
  return <PageError what="linked accounts" {...props} />;
}
