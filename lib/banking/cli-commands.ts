import { z } from "zod";
import { db } from "@/lib/db/client";
import { rotateAccessTokens } from "./rotate-access-tokens";
import { syncAllLinkedAccounts } from "./sync-all-linked-accounts";
import { syncTransactions } from "./sync-transactions";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
type Command = { summary: string; options: Record<string, OptionSpec>; run(values: Record<string, string | boolean | undefined>): Promise<unknown> };

/** Operator commands for linked accounts, merged into `npm run boomerang` (scripts/cli/main.ts). */
export const bankingCommands: Record<string, Command> = {
  "crypto:rotate": {
    summary: "Re-encrypt stored Plaid access tokens under the first ENCRYPTION_KEYS key → {checked, rotated}",
    options: {},
    run: () => rotateAccessTokens(db),
  },
  "plaid:sync": {
    summary: "Sync transactions now: one linked account (--account <id>) or every active one",
    options: { account: { type: "string" } },
    run: async (values) => {
      const { account } = z.object({ account: z.uuid("Expected a linked account id (a UUID)").optional() }).parse(values);
      return account ? syncTransactions(db, account) : syncAllLinkedAccounts(db);
    },
  },
};
