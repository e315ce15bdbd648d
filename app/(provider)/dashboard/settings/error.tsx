"use client";

import { Alert, Button } from "@/components/ui";

export default function SettingsError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div className="space-y-4">
      <Alert variant="danger" title="The settings could not load">
        Something went wrong on our side{digest ? ` (reference ${digest})` : ""}. Your settings are unchanged.
      </Alert>
      <Button variant="outline" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
