"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function StaffError(props: ErrorPageProps) {
  return <PageError what="staff list" {...props} />;
}
