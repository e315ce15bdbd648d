import { z } from "zod";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { expireCashback } from "@/lib/expiry/expire-cashback";
import { sendDuePayouts } from "./send-payouts";
import { settlePaidWithdrawals } from "./settle-paid-withdrawals";
import { expireUnconfirmedWithdrawals } from "./settle-withdrawal";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
type Command = { summary: string; options: Record<string, OptionSpec>; run(values: Record<string, string | boolean | undefined>): Promise<unknown> };

/** Operator commands for money going out (merged into the CLI's command list). */
export const withdrawalCommands: Record<string, Command> = {
  "withdrawals:send-payouts": {
    summary: "Send the payouts of confirmed (and approved) withdrawals now, only one member's with --user <email> → {sent, failed}",
    options: { user: { type: "string" } },
    run: async (values) => {
      // Beside a running `npm run dev`, use its sandboxes unless told otherwise.
      if (!process.env.STRIPE_SECRET_KEY && !process.env.STRIPE_SANDBOX_URL) process.env.STRIPE_SANDBOX_URL = `http://127.0.0.1:${process.env.STRIPE_SANDBOX_PORT ?? 12111}`;
      if (!process.env.PLAID_CLIENT_ID && !process.env.PLAID_SANDBOX_URL) process.env.PLAID_SANDBOX_URL = `http://127.0.0.1:${process.env.PLAID_SANDBOX_PORT ?? Number(process.env.PORT ?? 3000) + 10000}`;
      return sendDuePayouts(db, { userEmail: typeof values.user === "string" ? values.user : undefined });
    },
  },
  "withdrawals:expire": {
    summary: "Cancel withdrawals whose e-mail confirmation expired, returning their money → {expired}",
    options: {},
    run: async () => expireUnconfirmedWithdrawals(db),
  },
  "withdrawals:settle": {
    summary: "Settle paid withdrawals past the payout return window (PAYOUT_RETURN_WINDOW_DAYS), now or as of --at → {settled}",
    options: { at: { type: "string" } },
    run: async (values) => {
      if (values.at === undefined) return settlePaidWithdrawals(db);
      const at = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).safeParse(values.at);
      if (!at.success) throw new DomainError("VALIDATION", "--at: Expected an ISO date or date-time, e.g. 2026-03-01T12:00:00Z", { field: "at" });
      return settlePaidWithdrawals(db, { now: new Date(at.data) });
    },
  },
  "cashback:expire": {
    summary: "Expire available cashback older than each program's expiry period now → {members, expiredMinor}",
    options: {},
    run: async () => expireCashback(db),
  },
};
