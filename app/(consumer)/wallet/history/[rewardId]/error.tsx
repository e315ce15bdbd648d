"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function HistoryItemError(props: ErrorPageProps) {
  return <PageError what="purchase" {...props} />;
}
