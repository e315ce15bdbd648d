"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function RulesError(props: ErrorPageProps) {
  return <PageError what="cashback rules" {...props} />;
}
