"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function CardError(props: ErrorPageProps) {
  return <PageError what="card" {...props} />;
}
