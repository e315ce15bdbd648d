"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function MembersError(props: ErrorPageProps) {
  return <PageError what="members" {...props} />;
}
