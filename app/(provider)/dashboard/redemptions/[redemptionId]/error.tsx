"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function RedemptionError(props: ErrorPageProps) {
  return <PageError what="this redemption" {...props} />;
}
