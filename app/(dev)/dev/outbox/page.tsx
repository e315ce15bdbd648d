import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardContent, EmptyState, PageHeader } from "@/components/ui";
import { Logo } from "@/components/shell/logo";
import { currentUser } from "@/lib/auth/session";
import { listOutbox, outboxIsPublic } from "@/lib/email/list-outbox";

export const metadata: Metadata = { title: "Outbox" };
export const dynamic = "force-dynamic";

const LINK = /(https?:\/\/[^\s]+)/g;

export default async function OutboxPage() {
  // In production only platform admins read it, and never the one-time tokens in its links.
  const open = outboxIsPublic();
  if (!open && !(await currentUser())?.roles.admin) notFound();
  const messages = await listOutbox({ hideTokens: !open });
  return (
    <div className="mx-auto max-w-3xl px-4 py-8">
      <Logo />
      <div className="mt-6">
        <PageHeader title="Development outbox" description="No mail server is configured, so every e-mail Boomerang would send is shown here instead." />
      </div>
      <div className="mt-6 space-y-4">
        {messages.length === 0 ? (
          <EmptyState title="No e-mails yet" description="Sign up, and the confirmation e-mail appears here." />
        ) : (
          messages.map((m) => (
            <Card key={m.id} data-testid="outbox-message">
              <CardContent className="space-y-2 p-5">
                <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                  <span className="font-medium" data-testid="outbox-to">
                    To {m.to}
                  </span>
                  <time className="text-subtle-foreground" dateTime={m.createdAt.toISOString()}>
                    {m.createdAt.toLocaleString("en-GB", { timeZone: "UTC" })} UTC
                  </time>
                </div>
                <p className="font-semibold">{m.subject}</p>
                <p className="whitespace-pre-wrap break-words text-sm text-muted-foreground">
                  {m.text.split(LINK).map((part, i) =>
                    i % 2 === 1 ? (
                      <a key={i} href={part} className="font-medium text-brand-emphasis underline">
                        {part}
                      </a>
                    ) : (
                      part
                    ),
                  )}
                </p>
              </CardContent>
            </Card>
          ))
        )}
      </div>
    </div>
  );
}
