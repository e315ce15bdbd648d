import Link from "next/link";
import { Badge, buttonVariants } from "@/components/ui";
import type { AuditRow } from "@/lib/audit/list-audit-log";
import { diffRuleSets } from "@/lib/programs/list-rule-versions";

const ACTIONS: Record<string, string> = {
  "program.rules.update": "Changed the cashback rules",
  "program.settings.update": "Changed the program settings",
  "program.branding.update": "Changed the branding",
  "staff.invite": "Invited staff",
  "staff.invite.accept": "Accepted a staff invitation",
  "staff.invite.revoke": "Withdrew a staff invitation",
  "staff.remove": "Removed staff",
  "staff.cap.update": "Changed a daily cap",
  "program.api_key.create": "Created an API key",
  "program.api_key.revoke": "Revoked an API key",
  "redemption.cancel": "Canceled a cashback hold",
  "redemption.refund": "Refunded spent cashback",
  "purchase.refund": "Refunded a purchase",
  "purchase.void": "Voided a register sale",
};

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

function who(row: AuditRow): string {
  if (row.actor.type === "USER") return row.actor.name ?? row.actor.email ?? "a former user";
  return { SYSTEM: "Boomerang", WEBHOOK: "a shop webhook", CLI: "an operator (CLI)", API_KEY: "the shop (API key)" }[row.actor.type] ?? row.actor.type;
}

/** The provider's audit log, newest first: who, when, what, and the fields that changed (before → after). */
export function AuditList({ rows }: { rows: AuditRow[] }) {
  return (
    <ol className="divide-y divide-border rounded-xl border border-border bg-surface" aria-label="Activity">
      {rows.map((row) => {
        const changes = diffRuleSets(row.before ?? {}, row.after ?? {});
        return (
          <li key={row.id} className="space-y-2 p-4" data-testid="audit-entry">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="font-medium">{ACTIONS[row.action] ?? row.action}</span>
              <Badge variant="neutral">{row.action}</Badge>
            </div>
            <p className="text-sm text-muted-foreground">
              {who(row)} · {when(row.createdAt)}
              {row.target ? ` · ${row.target.type} ${row.target.id.slice(0, 8)}` : null}
            </p>
            {row.reason ? <p className="text-sm">Reason: “{row.reason}”</p> : null}
            {changes.length > 0 ? (
              <details>
                <summary className="cursor-pointer text-sm text-brand">
                  {changes.length} change{changes.length === 1 ? "" : "s"}: before → after
                </summary>
                <ul className="mt-2 space-y-1 font-mono text-xs break-all">
                  {changes.slice(0, 100).map((c) => (
                    <li key={c.path}>
                      {c.path}: <span className="text-danger">{c.before ?? "—"}</span> → <span className="text-success">{c.after ?? "—"}</span>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export function AuditPager({ page, pageCount, total }: { page: number; pageCount: number; total: number }) {
  if (pageCount <= 1) return null;
  const href = (p: number) => `/dashboard/activity?page=${p}`;
  return (
    <nav className="flex flex-wrap items-center justify-between gap-3" aria-label="Pages">
      <p className="text-sm text-muted-foreground">
        Page {page} of {pageCount} · {total} entries
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={buttonVariants({ variant: "outline", size: "sm" })}>
            Newer
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link href={href(page + 1)} className={buttonVariants({ variant: "outline", size: "sm" })}>
            Older
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
