"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function DigestError(props: ErrorPageProps) {
  return <PageError what="daily digest" {...props} />;
}
