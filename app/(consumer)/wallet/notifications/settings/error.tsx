"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function NotificationSettingsError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-lg">
      <PageError what="notification settings" {...props} />
    </div>
  );
}
