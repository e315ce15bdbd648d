import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { describePublishBlockers, publishBlockers } from "./publish-readiness";
import { requireProgramEditor } from "./require-program-editor";

/** Publishes or unpublishes the program page (owners only); `program.publish` / `program.unpublish` in the audit log. */
export async function setProgramPublished(db: DbOrTx, input: { providerId: string; programId: string; userId: string; published: boolean }) {
  await requireProgramEditor(db, input, ["OWNER"]);
  return inTransaction(db, async (tx) => {
    const before = await tx.program.findUniqueOrThrow({
      where: { id: input.programId },
      select: { published: true, publishedAt: true, slug: true, ruleSet: true, logoKey: true, description: true },
    });
    if (before.published === input.published) return { published: before.published, publishedAt: before.publishedAt, slug: before.slug, changed: false };
    // A page that promises cashback must pay some, and say whose it is.
    const blockers = input.published ? publishBlockers(before) : [];
    if (blockers.length) throw new DomainError("CONFLICT", describePublishBlockers(blockers), { reason: "not_ready_to_publish" });
    const publishedAt = input.published ? new Date() : null;
    await tx.program.update({ where: { id: input.programId }, data: { published: input.published, publishedAt } });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.userId },
      action: input.published ? "program.publish" : "program.unpublish",
      providerId: input.providerId,
      programId: input.programId,
      target: { type: "program", id: input.programId },
      before: { published: before.published, publishedAt: before.publishedAt },
      after: { published: input.published, publishedAt },
    });
    return { published: input.published, publishedAt, slug: before.slug, changed: true };
  });
}
