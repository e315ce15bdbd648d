"use client";

import { Alert, Button, PageHeader } from "@/components/ui";

export default function OrdersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-6">
      <PageHeader title="Orders" />
      <Alert variant="danger" title="The orders could not be loaded">
        <p>Nothing was changed. Try again in a moment{error.digest ? ` (reference ${error.digest})` : ""}.</p>
        <Button className="mt-3" size="sm" variant="outline" onClick={reset}>
          Try again
        </Button>
      </Alert>
    </div>
  );
}
