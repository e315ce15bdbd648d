"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function NotificationsError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-lg">
      <PageError what="notifications" {...props} />
    </div>
  );
}
