"use client";

import { Alert, Button } from "@/components/ui";

export default function MembersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <Alert variant="danger" title="The members could not be loaded">
        Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Try again in a moment.
      </Alert>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
