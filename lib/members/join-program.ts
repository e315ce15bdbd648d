import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { claimPurchases } from "@/lib/purchases/claim-purchases";
import { newMemberCode } from "./member-code";

/**
 * Makes the user a member of the program (idempotent: joining twice returns the existing membership; a
 * membership the user left becomes active again) and rewards the purchases they made with the same e-mail
 * before joining.
 */
export async function joinProgram(db: DbOrTx, input: { userId: string; programId: string }) {
  return inTransaction(db, async (tx) => {
    const program = await tx.program.findUnique({
      where: { id: input.programId },
      select: { id: true, published: true, membershipPriceMinor: true, provider: { select: { status: true } } },
    });
    if (!program || !program.published || program.provider.status !== "ACTIVE") throw new DomainError("NOT_FOUND", "This program is not open for new members.");
    const existing = await tx.member.findUnique({ where: { userId_programId: { userId: input.userId, programId: input.programId } } });
    // A paid membership starts (or starts again) only through its checkout (lib/memberships).
    if (program.membershipPriceMinor !== null && (!existing || existing.status === "LEFT" || existing.status === "PENDING_PAYMENT")) {
      throw new DomainError("CONFLICT", "This membership is paid: continue to payment to join.");
    }
    // Someone who left comes back: the same membership (code, history, balances) becomes active again.
    if (existing?.status === "LEFT") return tx.member.update({ where: { id: existing.id }, data: { status: "ACTIVE", statusChangedAt: new Date() } });
    if (existing) return existing;
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } });
    for (let attempt = 0; attempt < 5; attempt++) {
      const [created] = await tx.member.createManyAndReturn({
        data: [{ userId: input.userId, programId: input.programId, code: newMemberCode() }],
        skipDuplicates: true,
      });
      if (created) {
        await claimPurchases(tx, { programId: input.programId, member: created, email: user.email, actor: { type: "SYSTEM", id: "join" } });
        return created;
      }
      // Either the code collided or a concurrent join won; the latter is a success.
      const raced = await tx.member.findUnique({ where: { userId_programId: { userId: input.userId, programId: input.programId } } });
      if (raced) return raced;
    }
    throw new Error("could not allocate a unique member code");
  });
}

/** A member who left joins the same program again, from their profile (by their membership id). */
export async function rejoinProgram(db: DbOrTx, input: { userId: string; memberId: string }) {
  const member = await db.member.findFirst({ where: { id: input.memberId, userId: input.userId }, select: { programId: true } });
  if (!member) throw new DomainError("NOT_FOUND", "You were not a member of that program.");
  return joinProgram(db, { userId: input.userId, programId: member.programId });
}
