import { z } from "zod";
import { db } from "@/lib/db/client";
import { resolveProviderRef } from "@/lib/providers/provider-ref";
import { DomainError } from "@/lib/errors";
import { accrueCommissions } from "./accrue-commissions";
import { getProviderFunding } from "./get-provider-funding";
import { invoiceMonth, previousMonth } from "./invoice-month";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
type Command = { summary: string; options: Record<string, OptionSpec>; run(values: Record<string, string | boolean | undefined>): Promise<unknown> };

const monthFlag = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Expected a month as YYYY-MM, e.g. 2026-11")
  .transform((v) => new Date(`${v}-01T00:00:00Z`));

/** --provider <id|slug>: the business it names, or a clear error naming the flag. */
async function providerFlag(value: string | boolean | undefined): Promise<string> {
  const ref = z.string({ error: "--provider: expected a business id or slug" }).trim().min(1, "--provider: expected a business id or slug").parse(value);
  try {
    return await resolveProviderRef(db, ref);
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, `--provider: ${error.message}`, { field: "provider" });
    throw error;
  }
}

/** Operator commands for provider billing (merged into the CLI's command list). */
export const billingCommands: Record<string, Command> = {
  "billing:accrue": {
    summary: "Accrue the platform commission on awards that have none yet, credit it back on awards reversed or reduced since → {accrued, commissionMinor, credited, creditedMinor}",
    options: {},
    run: async () => accrueCommissions(db),
  },
  "billing:invoice-month": {
    summary: "Invoice a month's commission and the cashback paid out to members not covered by prepaid balances, through Stripe (--month YYYY-MM, default: last month; --provider <id|slug>: that business only) → [invoices]",
    options: { month: { type: "string" }, provider: { type: "string" } },
    run: async (values) => {
      const period = values.month === undefined ? previousMonth() : monthFlag.parse(values.month);
      const providerId = typeof values.provider === "string" ? await providerFlag(values.provider) : undefined;
      // Beside a running `npm run dev`, use its Stripe sandbox unless told otherwise.
      if (!process.env.STRIPE_SECRET_KEY && !process.env.STRIPE_SANDBOX_URL) process.env.STRIPE_SANDBOX_URL = `http://127.0.0.1:${process.env.STRIPE_SANDBOX_PORT ?? 12111}`;
      return invoiceMonth(db, { period, providerId });
    },
  },
  "provider:funding": {
    summary: "A business's prepaid balance, what it owes for payouts and what is invoiced, per currency (--provider <id|slug>) → {providerId, currencies, unpaidInvoices}",
    options: { provider: { type: "string" } },
    run: async (values) => {
      return getProviderFunding(db, await providerFlag(values.provider));
    },
  },
};
