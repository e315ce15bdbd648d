import Link from "next/link";
import { Button, Input, Select } from "@/components/ui";
import { cn } from "@/lib/utils/cn";
import { SOURCES, SOURCE_LABELS, sourceParam } from "./types";

export type FilterTab = { value: string | null; label: string; count: number };

/** Status tabs (links, so each view has its own address) and a GET form for source and search. */
export function OrderFilters({
  basePath,
  tabs,
  status,
  source,
  q,
}: {
  basePath: string;
  tabs: FilterTab[];
  status: string | null;
  /** The source as it appears in the address. */
  source: string | null;
  q: string;
}) {
  const href = (nextStatus: string | null) => {
    const params = new URLSearchParams();
    if (nextStatus) params.set("status", nextStatus);
    if (source) params.set("source", source);
    if (q) params.set("q", q);
    const query = params.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  return (
    <div className="space-y-4">
      <nav aria-label="Filter by reward status" className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1">
        {tabs.map((tab) => {
          const active = tab.value === status;
          return (
            <Link
              key={tab.value ?? "all"}
              href={href(tab.value)}
              aria-current={active ? "page" : undefined}
              className={cn(
                "inline-flex shrink-0 items-center gap-2 rounded-lg px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors",
                active ? "bg-brand text-brand-foreground" : "text-muted-foreground hover:bg-surface-muted hover:text-foreground",
              )}
            >
              {tab.label}
              <span className={cn("rounded-full px-1.5 text-xs tabular-nums", active ? "bg-surface text-foreground" : "bg-surface-muted")}>{tab.count}</span>
            </Link>
          );
        })}
      </nav>
      <form action={basePath} method="get" role="search" className="flex flex-col gap-2 sm:flex-row sm:items-center">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <Input name="q" type="search" defaultValue={q} placeholder="Order id or customer e-mail" aria-label="Search by order id or customer e-mail" className="sm:max-w-xs" />
        <Select name="source" defaultValue={source ?? ""} aria-label="Source" wrapperClassName="sm:w-48">
          <option value="">All sources</option>
          {SOURCES.map((value) => (
            <option key={value} value={sourceParam(value)}>
              {SOURCE_LABELS[value]}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="outline">
          Apply
        </Button>
        {q || source ? (
          <Link href={status ? `${basePath}?status=${status}` : basePath} className="px-2 text-sm text-muted-foreground underline-offset-4 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>
    </div>
  );
}
