"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function WebhooksError(props: ErrorPageProps) {
  return <PageError what="webhooks" {...props} />;
}
