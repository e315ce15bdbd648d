"use client";

import Link from "next/link";
import { Alert, Button, buttonVariants } from "@/components/ui";

export default function MemberError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <Alert variant="danger" title="This member could not be loaded">
        Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Try again in a moment.
      </Alert>
      <div className="flex gap-2">
        <Button variant="outline" onClick={reset}>
          Try again
        </Button>
        <Link href="/dashboard/members" className={buttonVariants({ variant: "ghost" })}>
          Back to members
        </Link>
      </div>
    </div>
  );
}
