import "server-only";
import { z } from "zod";
import type { ActionBuilders } from "@/lib/actions/safe-action";
import { ownerAdjustment, parseAdjustmentAmount } from "@/lib/admin/adjust-member-balance";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { setMemberEarningBlock } from "./block-member";
import { BLOCK_ROLES, GOODWILL_ROLES, SEGMENT_ROLES } from "./member-roles";
import { memberScopeSchema, setMemberSegment } from "./set-member-segment";

const reason = z.string().trim().min(1, "Say why").max(500, "Keep the reason under 500 characters");
const ids = { providerId: z.uuid("Expected the business's id"), memberId: z.uuid("Expected the member's id") };


/**
 * The actions on a member's page of the dashboard, built with the provider builder: the role is checked
 * against the database on every call, and each lib function refuses a member of another business (NOT_FOUND).
 * Given the builders, so tests call them as any user (lib/members/member-actions.test.ts).
 */
export function createMemberActions({ providerAction }: ActionBuilders) {
  return {
    giveGoodwill: providerAction(
      GOODWILL_ROLES,
      z.object({
        ...ids,
        direction: z.enum(["CREDIT", "DEBIT"], { error: "Choose credit or debit" }),
        amount: z.string().trim().min(1, "Enter the amount").max(20, "Enter the amount, like 12.50"),
        reason,
      }),
      async (input, { providerId, user }) => {
        // Scope first, so an amount for another business's member reveals nothing about it.
        const member = await db.member.findFirst({ where: { id: input.memberId, program: { providerId } }, select: { id: true } });
        if (!member) throw new DomainError("NOT_FOUND", "No such member.", { field: "memberId" });
        const amountMinor = await parseAdjustmentAmount(db, { memberId: member.id, amount: input.amount });
        return ownerAdjustment(db, { providerId, memberId: member.id, direction: input.direction, amountMinor, reason: input.reason, ownerUserId: user.id });
      },
    ),
    setEarningBlock: providerAction(
      BLOCK_ROLES,
      z.object({ ...ids, blocked: z.enum(["true", "false"]).transform((v) => v === "true"), reason }),
      async (input, { providerId, user }) =>
        setMemberEarningBlock(db, { providerId, memberId: input.memberId, blocked: input.blocked, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
    setSegment: providerAction(
      SEGMENT_ROLES,
      z.object({ ...ids, segment: memberScopeSchema, tier: memberScopeSchema, reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional() }),
      async (input, { providerId, user }) =>
        setMemberSegment(db, { providerId, memberId: input.memberId, segment: input.segment, tier: input.tier, reason: input.reason, actor: { type: "USER", id: user.id } }),
    ),
  };
}

export type MemberActions = ReturnType<typeof createMemberActions>;
