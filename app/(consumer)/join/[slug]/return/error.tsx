"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function JoinError(props: ErrorPageProps) {
  return <PageError what="membership" {...props} />;
}
