"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function OrdersError(props: ErrorPageProps) {
  return <PageError what="orders" {...props} />;
}
