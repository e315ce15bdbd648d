"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function DashboardError(props: ErrorPageProps) {
  return <PageError what="dashboard" {...props} />;
}
