import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { resolveProgramRef } from "@/lib/programs/program-ref";
import { expireRedemptions } from "./expire-redemptions";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
type Command = { summary: string; options: Record<string, OptionSpec>; run(values: Record<string, string | boolean | undefined>): Promise<unknown> };

const str = { type: "string" } as const;
const flag = (name: string, schema: z.ZodType<string>) => (value: unknown) => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DomainError("VALIDATION", `--${name}: ${parsed.error.issues[0]?.message ?? "is invalid"}`, { field: name });
  return parsed.data;
};
/** --program: a program's id or slug. */
const programFlag = async (value: unknown) => {
  try {
    return await resolveProgramRef(db, flag("program", z.string().trim().min(1, "Expected a program id or slug"))(value));
  } catch (error) {
    if (error instanceof DomainError && error.field === "programId") throw new DomainError(error.code, `--program: ${error.message}`, { field: "program" });
    throw error;
  }
};
const keyFlag = flag("key", z.uuid("Expected an API key id (a UUID), as program:api-keys lists them"));

/** Operator commands for spending: program API keys and expiring holds (merged into the CLI's command list). */
export const redemptionCommands: Record<string, Command> = {
  "program:api-key": {
    summary: "Create an API key for the Redemption API; the key is printed once → {id, key, scopes}",
    options: { program: str, name: str, scopes: str },
    run: async (values) => {
      const scopes = typeof values.scopes === "string" ? values.scopes.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
      try {
        const created = await createApiKey(db, { programId: await programFlag(values.program), name: typeof values.name === "string" ? values.name : undefined, scopes });
        return { id: created.id, key: created.key, name: created.name, scopes: created.scopes };
      } catch (error) {
        if (error instanceof DomainError && error.field) throw new DomainError(error.code, `--${error.field}: ${error.message}`, { field: error.field });
        throw error;
      }
    },
  },
  "program:api-keys": {
    summary: "List a program's API keys, without secrets → [{id, name, prefix, scopes, lastUsedAt, revokedAt}]",
    options: { program: str },
    run: async (values) => listApiKeys(db, await programFlag(values.program)),
  },
  "program:revoke-key": {
    summary: "Revoke an API key: the next request with it is refused → {id, revokedAt}",
    options: { key: str },
    run: async (values) => revokeApiKey(db, { keyId: keyFlag(values.key) }),
  },
  "redemptions:expire": {
    summary: "Release holds not captured by their expiry, and expired vouchers, now (or as of --at) → {redemptions, vouchers}",
    options: { at: str },
    run: async (values) => {
      const at = values.at === undefined ? undefined : flag("at", z.iso.datetime({ offset: true, error: "Expected an ISO date-time, e.g. 2026-03-01T12:00:00Z" }))(values.at);
      return expireRedemptions(db, { at: at === undefined ? undefined : new Date(at) });
    },
  },
};
