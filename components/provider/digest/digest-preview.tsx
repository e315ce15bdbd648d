import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import type { DailyDigest } from "@/lib/digest/get-daily-digest";
import { digestHeadline, digestRows, formatDigestDay } from "@/lib/digest/render-digest";
import { cn } from "@/lib/utils/cn";

/** The digest as the e-mail tells it: the same rows, from the same function. */
export function DigestPreview({ digest }: { digest: DailyDigest }) {
  return (
    <Card data-testid="digest-preview">
      <CardHeader>
        <CardTitle as="h2">Yesterday: {formatDigestDay(digest.day)}</CardTitle>
        <CardDescription>
          {digest.providerName}, read in {digest.timeZone.replaceAll("_", " ")}. Money is what the ledger recorded that day; the review queue and the cashback
          outstanding are as of now.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {digest.programs.length === 0 ? <p className="text-sm text-muted-foreground">No program yet.</p> : null}
        {digest.programs.map((p) => (
          <section key={p.programId} aria-labelledby={`digest-${p.programId}`} className="space-y-2">
            <h3 id={`digest-${p.programId}`} className="font-semibold">
              {p.name}
            </h3>
            <p className="text-sm text-muted-foreground">{digestHeadline(p)}</p>
            <dl className="grid max-w-lg grid-cols-[1fr_auto] gap-x-6 gap-y-1 text-sm">
              {digestRows(p).map((r) => (
                <div key={r.key} className="contents" data-testid={`digest-${r.key}`}>
                  <dt className="text-muted-foreground">{r.label}</dt>
                  <dd className={cn("text-right tabular-nums", r.attention && "font-semibold text-warning")}>{r.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </CardContent>
    </Card>
  );
}
