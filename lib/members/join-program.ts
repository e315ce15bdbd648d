import type { DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { newMemberCode } from "./member-code";

/** Makes the user a member of the program (idempotent: joining twice returns the existing membership). */
export async function joinProgram(db: DbOrTx, input: { userId: string; programId: string }) {
  const program = await db.program.findUnique({ where: { id: input.programId }, select: { id: true, published: true, provider: { select: { status: true } } } });
  if (!program || !program.published || program.provider.status !== "ACTIVE") throw new DomainError("NOT_FOUND", "This program is not open for new members.");
  const existing = await db.member.findUnique({ where: { userId_programId: { userId: input.userId, programId: input.programId } } });
  if (existing) return existing;
  for (let attempt = 0; attempt < 5; attempt++) {
    const [created] = await db.member.createManyAndReturn({
      data: [{ userId: input.userId, programId: input.programId, code: newMemberCode() }],
      skipDuplicates: true,
    });
    if (created) return created;
    // Either the code collided or a concurrent join won; the latter is a success.
    const raced = await db.member.findUnique({ where: { userId_programId: { userId: input.userId, programId: input.programId } } });
    if (raced) return raced;
  }
  throw new Error("could not allocate a unique member code");
}
