import Link from "next/link";
import { Button, Input, Select } from "@/components/ui";
import { REDEMPTION_STATUS_META, REDEMPTION_STATUS_PARAMS } from "./status";

export type RedemptionFilterValues = { status: string | null; from: string | null; to: string | null; order: string | null };

/** A GET form, so every filtered view has its own address and works without JavaScript. */
export function RedemptionFilters({ basePath, values }: { basePath: string; values: RedemptionFilterValues }) {
  const active = Boolean(values.status || values.from || values.to || values.order);
  return (
    <form action={basePath} method="get" role="search" aria-label="Filter redemptions" className="grid gap-3 sm:grid-cols-2 lg:flex lg:flex-wrap lg:items-end">
      <label className="flex flex-col gap-1.5 text-sm font-medium lg:w-48">
        Status
        <Select name="status" defaultValue={values.status ?? ""}>
          <option value="">All statuses</option>
          {REDEMPTION_STATUS_PARAMS.map(([param, status]) => (
            <option key={param} value={param}>
              {REDEMPTION_STATUS_META[status].label}
            </option>
          ))}
        </Select>
      </label>
      <label className="flex flex-col gap-1.5 text-sm font-medium lg:w-44">
        From (UTC)
        <Input type="date" name="from" defaultValue={values.from ?? ""} />
      </label>
      <label className="flex flex-col gap-1.5 text-sm font-medium lg:w-44">
        To (UTC)
        <Input type="date" name="to" defaultValue={values.to ?? ""} />
      </label>
      <label className="flex flex-col gap-1.5 text-sm font-medium lg:w-56">
        Order id
        <Input type="search" name="order" defaultValue={values.order ?? ""} placeholder="e.g. 1001" autoComplete="off" />
      </label>
      <div className="flex items-center gap-2 sm:col-span-2 lg:col-span-1">
        <Button type="submit" variant="outline">
          Apply
        </Button>
        {active ? (
          <Link href={basePath} className="px-2 text-sm text-muted-foreground underline-offset-4 hover:underline">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
