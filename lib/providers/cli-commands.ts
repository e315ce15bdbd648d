import { z } from "zod";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/rewards/actor";
import { listAdminProviders } from "@/lib/admin/list-admin-providers";
import { approveProvider } from "./approve-provider";
import { resolveProviderRef } from "./provider-ref";
import { reinstateProvider } from "./reinstate-provider";
import { suspendProvider } from "./suspend-provider";

type OptionSpec = { type: "string" | "boolean"; multiple?: false };
type Command = { summary: string; options: Record<string, OptionSpec>; run(values: Record<string, string | boolean | undefined>): Promise<unknown> };

const str = { type: "string" } as const;
const CLI: Actor = { type: "CLI" };

const providerFlag = z.string({ error: "--provider: expected a business id or slug" }).trim().min(1, "--provider: expected a business id or slug");

/** --provider names a business by id or slug; an unknown one says which flag was wrong. */
async function providerId(ref: string): Promise<string> {
  try {
    return await resolveProviderRef(db, ref);
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, `--provider: ${error.message}`, { field: "provider" });
    throw error;
  }
}

/** The reason every admin action records; the CLI names the flag when it is missing or too short. */
function reason(value: unknown, fallback?: string): string {
  const text = typeof value === "string" ? value.trim() : (fallback ?? "");
  if (text.length < 3) throw new DomainError("VALIDATION", "--reason: give a reason (at least 3 characters)", { field: "reason" });
  if (text.length > 500) throw new DomainError("VALIDATION", "--reason: keep the reason under 500 characters", { field: "reason" });
  return text;
}

const view = (p: { providerId: string; slug: string; status: string; previousStatus: string; changed: boolean }) => p;

/** Operator commands for a business's standing on the platform (merged into the CLI's command list). */
export const providerCommands: Record<string, Command> = {
  "provider:list": {
    summary: "Every business with its status → [{id, name, slug, status, programs, staff, createdAt}] (--status, --q to filter)",
    options: { status: str, q: str },
    run: async (values) => {
      const status = z.enum(["PENDING", "ACTIVE", "SUSPENDED"], { error: "--status: PENDING, ACTIVE or SUSPENDED" }).optional().parse(typeof values.status === "string" ? values.status.toUpperCase() : undefined);
      return listAdminProviders(db, { status, q: typeof values.q === "string" ? values.q : undefined, take: 500 });
    },
  },
  "provider:approve": {
    summary: "Approve a business waiting for the platform (PROVIDER_APPROVAL=required) → {providerId, status}",
    options: { provider: str, reason: str },
    run: async (values) => view(await approveProvider(db, { providerId: await providerId(providerFlag.parse(values.provider)), actor: CLI, reason: reason(values.reason, "Approved with the operator CLI") })),
  },
  "provider:suspend": {
    summary: "Suspend a business: its endpoints answer 403 program_suspended (--provider <id|slug> --reason <text>) → {providerId, status}",
    options: { provider: str, reason: str },
    run: async (values) => view(await suspendProvider(db, { providerId: await providerId(providerFlag.parse(values.provider)), actor: CLI, reason: reason(values.reason) })),
  },
  "provider:reinstate": {
    summary: "End a business's suspension (--provider <id|slug> [--reason <text>]) → {providerId, status}",
    options: { provider: str, reason: str },
    run: async (values) => view(await reinstateProvider(db, { providerId: await providerId(providerFlag.parse(values.provider)), actor: CLI, reason: reason(values.reason, "Reinstated with the operator CLI") })),
  },
};
