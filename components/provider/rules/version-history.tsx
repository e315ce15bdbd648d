import { History } from "lucide-react";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from "@/components/ui";

export type VersionView = {
  version: number;
  createdAt: Date;
  note: string | null;
  author: { name: string | null; email: string } | null;
  summary: string;
  changes: { path: string; before: string | null; after: string | null }[];
  isFirst: boolean;
};

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

/** The rule history, newest first; each version opens to what changed from the one before. */
export function VersionHistory({ versions, current }: { versions: VersionView[]; current: number }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Version history</CardTitle>
        <CardDescription>Every saved change, who made it and when. Open a version to see what changed from the one before.</CardDescription>
      </CardHeader>
      <CardContent>
        {versions.length === 0 ? (
          <EmptyState icon={<History />} title="No changes yet" description={`Version ${current} has been in force since the program was created. Saved changes appear here.`} />
        ) : (
          <ol className="divide-y divide-border rounded-xl border border-border" aria-label="Rule versions">
            {versions.map((v) => (
              <li key={v.version} data-testid="rule-version">
                <details className="group p-4">
                  <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-semibold">Version {v.version}</span>
                    {v.version === current ? <Badge variant="brand">In force</Badge> : null}
                    <span className="text-sm text-muted-foreground">
                      {when(v.createdAt)} · {v.author ? (v.author.name ?? v.author.email) : "system"}
                    </span>
                    {v.note ? <span className="w-full text-sm">“{v.note}”</span> : null}
                    <span className="w-full text-sm text-muted-foreground">{v.summary}</span>
                  </summary>
                  <div className="mt-3 text-sm">
                    {v.isFirst ? (
                      <p className="text-muted-foreground">The first recorded version.</p>
                    ) : v.changes.length === 0 ? (
                      <p className="text-muted-foreground">Saved without changes.</p>
                    ) : (
                      <ul className="space-y-1 font-mono text-xs break-all">
                        {v.changes.map((c) => (
                          <li key={c.path}>
                            {c.path}: <span className="text-danger line-through">{c.before ?? "—"}</span> → <span className="text-success">{c.after ?? "—"}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </details>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
