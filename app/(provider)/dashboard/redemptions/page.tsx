import type { Metadata } from "next";
import Link from "next/link";
import { Coins, SearchX } from "lucide-react";
import { z } from "zod";
import { EmptyState, PageHeader, Pager, buttonVariants } from "@/components/ui";
import { RedemptionFilters } from "@/components/provider/redemptions/redemption-filters";
import { RedemptionsTable } from "@/components/provider/redemptions/redemptions-table";
import { REDEMPTION_STATUS_PARAMS } from "@/components/provider/redemptions/status";
import { db } from "@/lib/db/client";
import type { RedemptionStatus } from "@/lib/db/generated/enums";
import { requireStaff } from "@/lib/providers/require-staff";
import { listRedemptions } from "@/lib/redemptions/list-redemptions";

export const metadata: Metadata = { title: "Redemptions" };

const PATH = "/dashboard/redemptions";
const DAY_MS = 24 * 60 * 60 * 1000;
const STATUS = new Map<string, RedemptionStatus>(REDEMPTION_STATUS_PARAMS);

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));
// Every field falls back on its own: a hand-edited address shows the default view, never an error page.
const searchSchema = z.object({
  status: z.preprocess(first, z.string().refine((v) => STATUS.has(v)).optional()).catch(undefined),
  from: z.preprocess(first, day.optional()).catch(undefined),
  to: z.preprocess(first, day.optional()).catch(undefined),
  order: z.preprocess(first, z.string().trim().max(200).optional()).catch(undefined),
  page: z.preprocess(first, z.coerce.number().int().min(1).optional()).catch(undefined),
});

export default async function RedemptionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { provider } = await requireStaff(["OWNER", "MANAGER"], PATH);
  const program = provider.programs[0];
  const params = searchSchema.parse(await searchParams);
  const values = { status: params.status ?? null, from: params.from ?? null, to: params.to ?? null, order: params.order || null };
  const filtered = Boolean(values.status || values.from || values.to || values.order);

  const header = (
    <PageHeader
      title="Redemptions"
      description="Cashback your members spent with you, at checkout through the API or at the register. Dates are in UTC."
    />
  );
  if (!program) {
    return (
      <div className="space-y-6">
        {header}
        <EmptyState icon={<Coins />} title="No program yet" description="Create a program first; the cashback your members spend appears here." />
      </div>
    );
  }

  const status = values.status ? STATUS.get(values.status) : undefined;
  const result = await listRedemptions(db, {
    providerId: provider.id,
    programId: program.id,
    page: params.page,
    filters: {
      status: status ? [status] : undefined,
      from: values.from ? new Date(`${values.from}T00:00:00Z`) : undefined,
      // "To" is the last day included.
      to: values.to ? new Date(Date.parse(`${values.to}T00:00:00Z`) + DAY_MS) : undefined,
      orderId: values.order ?? undefined,
    },
  });

  const href = (page: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value) query.set(key, value);
    if (page > 1) query.set("page", String(page));
    const text = query.toString();
    return text ? `${PATH}?${text}` : PATH;
  };

  return (
    <div className="space-y-6">
      {header}
      {result.total === 0 && !filtered ? (
        <EmptyState
          icon={<Coins />}
          title="No cashback spent yet"
          description="When your checkout takes cashback as payment through the API, or a cashier does at the register, each payment appears here."
          action={
            <Link href="/dashboard/integrations" className={buttonVariants({ variant: "outline" })}>
              Set up spending at checkout
            </Link>
          }
        />
      ) : (
        <>
          <RedemptionFilters basePath={PATH} values={values} />
          {result.items.length === 0 ? (
            <EmptyState
              icon={<SearchX />}
              title="No redemptions match"
              description="Try another status, date range or order id."
              action={
                <Link href={PATH} className={buttonVariants({ variant: "outline" })}>
                  Show all redemptions
                </Link>
              }
            />
          ) : (
            <>
              <RedemptionsTable rows={result.items} />
              <Pager page={result.page} pageCount={result.pageCount} total={result.total} noun={["redemption", "redemptions"]} href={href} />
            </>
          )}
        </>
      )}
    </div>
  );
}
