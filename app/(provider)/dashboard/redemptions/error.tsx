"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function RedemptionsError(props: ErrorPageProps) {
  return <PageError what="redemptions" {...props} />;
}
