"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function ActivityError(props: ErrorPageProps) {
  return <PageError what="activity log" {...props} />;
}
