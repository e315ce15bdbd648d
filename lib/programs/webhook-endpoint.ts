import { appUrl } from "@/lib/app-url";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { ensureWebhookSecret, rotateWebhookSecret } from "./webhook-secrets";

/** Where a shop sends the program's order events (the contract in docs/integrations/order-events.md). */
export function programEventsUrl(programId: string): string {
  return appUrl(`/api/v1/programs/${programId}/events`);
}

async function requireProgram(db: DbOrTx, programId: string): Promise<void> {
  const program = await db.program.findUnique({ where: { id: programId }, select: { id: true } });
  if (!program) throw new DomainError("NOT_FOUND", "No program has that id.", { field: "programId" });
}

/** What a shop needs to send signed order events: the endpoint and the current signing secret. */
export async function getWebhookEndpoint(db: DbOrTx, programId: string): Promise<{ programId: string; secret: string; webhookUrl: string }> {
  return inTransaction(db, async (tx) => {
    await requireProgram(tx, programId);
    return { programId, secret: await ensureWebhookSecret(tx, programId), webhookUrl: programEventsUrl(programId) };
  });
}

/** A new signing secret; the previous one keeps verifying until `previousValidUntil`. */
export async function rotateWebhookEndpointSecret(
  db: DbOrTx,
  programId: string,
): Promise<{ programId: string; secret: string; webhookUrl: string; previousValidUntil: Date }> {
  return inTransaction(db, async (tx) => {
    await requireProgram(tx, programId);
    const rotated = await rotateWebhookSecret(tx, programId);
    return { programId, secret: rotated.secret, webhookUrl: programEventsUrl(programId), previousValidUntil: rotated.previousValidUntil };
  });
}
