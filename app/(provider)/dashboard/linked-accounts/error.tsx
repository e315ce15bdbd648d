"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function CardTrackingError(props: ErrorPageProps) {
  return <PageError what="card tracking rules" {...props} />;
}
