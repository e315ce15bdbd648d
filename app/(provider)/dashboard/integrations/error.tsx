"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function IntegrationsError(props: ErrorPageProps) {
  return <PageError what="integrations" {...props} />;
}
