"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function BrandingError(props: ErrorPageProps) {
  return <PageError what="branding" {...props} />;
}
