"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function SettingsError(props: ErrorPageProps) {
  return <PageError what="settings" {...props} />;
}
