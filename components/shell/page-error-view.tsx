"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ErrorPageProps } from "./page-error";

/** The error state of a page: what failed, that nothing changed, a reference for support, and a retry. */
export function PageErrorView({ what, error, retry }: ErrorPageProps & { what: string }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div className="space-y-4">
      <Alert variant="danger" title={`The ${what} could not be loaded`}>
        Something went wrong on our side{digest ? ` (reference ${digest})` : ""}. Nothing was changed; try again in a moment.
      </Alert>
      <Button variant="outline" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
