import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { auditDiff, recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/rewards/actor";

/**
 * A segment or tier name as the rules engine matches it: a campaign's `segments` / `tiers` list names exactly
 * these strings (trimmed, case-sensitive, at most 100 characters; lib/rules/schema.ts). Blank clears it.
 */
export const memberScopeSchema = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters")
  .transform((v) => (v === "" ? null : v));

/**
 * Sets a member's segment and tier, which campaigns scoped by segment or tier read for every purchase from then
 * on (lib/purchases/record-purchase.ts reads members.segment / tier when it rewards). Audit-logged with what
 * changed. A member of another business is not found.
 */
export async function setMemberSegment(
  db: Db,
  input: { providerId: string; memberId: string; segment: string | null; tier: string | null; reason?: string | null; actor: Actor },
): Promise<{ memberId: string; segment: string | null; tier: string | null }> {
  const segment = memberScopeSchema.parse(input.segment ?? "");
  const tier = memberScopeSchema.parse(input.tier ?? "");
  return db.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { id: input.memberId, program: { providerId: input.providerId } }, select: { id: true, programId: true, segment: true, tier: true } });
    if (!member) throw new DomainError("NOT_FOUND", "No such member.", { field: "memberId" });
    const diff = auditDiff({ segment: member.segment, tier: member.tier }, { segment, tier });
    if (!diff) return { memberId: member.id, segment, tier };
    await tx.member.update({ where: { id: member.id }, data: { segment, tier } });
    await recordAudit(tx, {
      actor: input.actor,
      action: "member.segment.update",
      providerId: input.providerId,
      programId: member.programId,
      target: { type: "member", id: member.id },
      before: diff.before,
      after: diff.after,
      reason: input.reason?.trim() || null,
    });
    return { memberId: member.id, segment, tier };
  });
}

/** The segment and tier names the program's current rules target, to offer when setting a member's. */
export async function programScopeNames(db: Db, programId: string): Promise<{ segments: string[]; tiers: string[] }> {
  const program = await db.program.findUnique({ where: { id: programId }, select: { ruleSet: true } });
  const campaigns = z
    .object({ campaigns: z.array(z.object({ segments: z.array(z.string()).optional(), tiers: z.array(z.string()).optional() })).optional() })
    .safeParse(program?.ruleSet);
  const list = campaigns.success ? (campaigns.data.campaigns ?? []) : [];
  const uniq = (xs: string[]) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));
  return { segments: uniq(list.flatMap((c) => c.segments ?? [])), tiers: uniq(list.flatMap((c) => c.tiers ?? [])) };
}
