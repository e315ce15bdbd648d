import Link from "next/link";
import { ArrowRight, CircleCheck, Circle } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import type { ChecklistItem } from "@/lib/programs/get-onboarding-checklist";
import { cn } from "@/lib/utils/cn";

/** The first steps of a new business; the overview stops showing it once every step is done. */
export function ChecklistCard({ items }: { items: ChecklistItem[] }) {
  const done = items.filter((i) => i.done).length;
  return (
    <Card aria-labelledby="checklist-title">
      <CardHeader>
        <CardTitle as="h2" id="checklist-title">
          Get your program ready
        </CardTitle>
        <CardDescription>
          {done} of {items.length} steps done.
        </CardDescription>
        <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-surface-muted" aria-hidden>
          <div className="h-full rounded-full bg-brand" style={{ width: `${Math.round((done / items.length) * 100)}%` }} />
        </div>
      </CardHeader>
      <CardContent>
        <ol className="divide-y divide-border" data-testid="onboarding-checklist">
          {items.map((item) => (
            <li key={item.key} data-done={item.done}>
              <Link href={item.href} className="group flex items-center gap-3 py-3">
                {item.done ? (
                  <CircleCheck aria-hidden className="size-5 shrink-0 text-success" />
                ) : (
                  <Circle aria-hidden className="size-5 shrink-0 text-subtle-foreground" />
                )}
                <span className="min-w-0 flex-1">
                  <span className={cn("block font-medium", item.done && "text-muted-foreground line-through")}>
                    {item.label}
                    {item.optional ? <span className="ml-2 text-xs font-normal text-muted-foreground">optional</span> : null}
                    <span className="sr-only">{item.done ? " (done)" : " (to do)"}</span>
                  </span>
                  <span className="block text-sm text-muted-foreground">{item.description}</span>
                </span>
                <ArrowRight aria-hidden className="size-4 shrink-0 text-subtle-foreground transition-transform group-hover:translate-x-0.5" />
              </Link>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
