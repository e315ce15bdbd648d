import type { DbOrTx } from "@/lib/db/client";
import type { ProviderStatus } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";

/** PROVIDER_APPROVAL=required: new businesses wait as PENDING for a platform admin; `auto` (default): ACTIVE at once. */
export function providerApprovalRequired(): boolean {
  return (process.env.PROVIDER_APPROVAL ?? "auto").trim().toLowerCase() === "required";
}

/** The status a business starts in. */
export function initialProviderStatus(): ProviderStatus {
  return providerApprovalRequired() ? "PENDING" : "ACTIVE";
}

/**
 * Why a business may not earn or spend cashback now, as the error every such endpoint answers with
 * (403 `program_suspended` while suspended, 403 `program_pending` before approval); null when ACTIVE.
 */
export function providerClosedError(status: ProviderStatus): DomainError | null {
  if (status === "SUSPENDED") return new DomainError("FORBIDDEN", "This program is paused by the platform: nothing can be earned or spent with it for now.", { reason: "program_suspended" });
  if (status === "PENDING") return new DomainError("FORBIDDEN", "This business is waiting for the platform's approval: nothing can be earned or spent with it yet.", { reason: "program_pending" });
  return null;
}

/** Throws the endpoint's 403 unless the program's business is ACTIVE (404 for an unknown program). */
export async function assertProgramOpen(db: DbOrTx, programId: string): Promise<void> {
  const program = await db.program.findUnique({ where: { id: programId }, select: { provider: { select: { status: true } } } });
  if (!program) throw new DomainError("NOT_FOUND", "No program has that id.", { field: "programId" });
  const closed = providerClosedError(program.provider.status);
  if (closed) throw closed;
}

/** Throws the endpoint's 403 unless the business is ACTIVE (404 when it does not exist). */
export async function assertProviderOpen(db: DbOrTx, providerId: string): Promise<void> {
  const provider = await db.provider.findUnique({ where: { id: providerId }, select: { status: true } });
  if (!provider) throw new DomainError("NOT_FOUND", "That business does not exist.");
  const closed = providerClosedError(provider.status);
  if (closed) throw closed;
}
