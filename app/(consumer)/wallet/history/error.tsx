"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function HistoryError(props: ErrorPageProps) {
  return <PageError what="history" {...props} />;
}
