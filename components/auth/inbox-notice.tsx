import Link from "next/link";
import type { ReactNode } from "react";
import { MailCheck } from "lucide-react";

/** "Check your inbox", what was sent, and — on an install without a mail server — where to read it. */
export function InboxNotice({ outbox, children }: { outbox: string | null; children: ReactNode }) {
  return (
    <div className="space-y-4 text-center" role="status">
      <MailCheck aria-hidden className="mx-auto size-10 text-brand" />
      <p className="font-medium">Check your inbox</p>
      <p className="text-sm text-muted-foreground">{children}</p>
      {outbox ? (
        <p className="text-sm text-muted-foreground">
          No mail server is configured here, so messages go to the{" "}
          <Link className="font-medium text-brand-emphasis hover:underline" href={outbox}>
            development outbox
          </Link>
          .
        </p>
      ) : null}
    </div>
  );
}
