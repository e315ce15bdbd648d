"use client";

import { PageError, type ErrorPageProps } from "@/components/shell/page-error";

export default function OnboardingError(props: ErrorPageProps) {
  return (
    <div className="mx-auto max-w-md px-4 py-10">
      <PageError what="sign-up form for businesses" {...props} />
    </div>
  );
}
