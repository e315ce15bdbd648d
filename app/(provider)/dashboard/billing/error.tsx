"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function BillingError(props: ErrorPageProps) {
  return <PageError what="billing page" {...props} />;
}
