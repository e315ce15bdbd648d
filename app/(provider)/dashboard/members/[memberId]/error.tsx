"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function MemberError(props: ErrorPageProps) {
  return <PageError what="member" {...props} />;
}
