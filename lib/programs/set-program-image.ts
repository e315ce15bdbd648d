import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { deleteStoredImage, publicImageUrl, storeImage } from "@/lib/uploads/store-image";
import { requireProgramEditor } from "./require-program-editor";

export type ProgramImageKind = "logo" | "cover";

/**
 * Replaces (or, with `file: null`, removes) the program's logo or cover. The new file is validated and stored
 * first; the old one is deleted only once the database points at the new one, so a failure never leaves the
 * page without an image it had.
 */
export async function setProgramImage(db: DbOrTx, input: { providerId: string; programId: string; userId: string; kind: ProgramImageKind; file: Blob | Buffer | null }) {
  await requireProgramEditor(db, input, ["OWNER", "MANAGER"]);
  const column = input.kind === "logo" ? "logoKey" : "coverKey";
  const stored = input.file === null ? null : await storeImage(input.file, input.kind, input.kind);
  const newKey = stored?.key ?? null;
  let oldKey: string | null;
  try {
    oldKey = await inTransaction(db, async (tx) => {
      const before = await tx.program.findUniqueOrThrow({ where: { id: input.programId }, select: { logoKey: true, coverKey: true } });
      await tx.program.update({ where: { id: input.programId }, data: { [column]: newKey } });
      await recordAudit(tx, {
        actor: { type: "USER", id: input.userId },
        action: "program.branding.update",
        providerId: input.providerId,
        programId: input.programId,
        target: { type: "program", id: input.programId },
        before: { [column]: before[column] },
        after: { [column]: newKey },
      });
      return before[column];
    });
  } catch (error) {
    await deleteStoredImage(newKey);
    throw error;
  }
  if (oldKey !== newKey) await deleteStoredImage(oldKey);
  return { kind: input.kind, key: newKey, url: publicImageUrl(newKey) };
}
