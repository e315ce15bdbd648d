import { DomainError } from "@/lib/errors";
import { idempotencyKeySchema } from "./schemas";

/** The request's Idempotency-Key header, required and at most 255 characters (400 naming it otherwise). */
export function idempotencyKeyOf(req: Request): string {
  const parsed = idempotencyKeySchema.safeParse(req.headers.get("idempotency-key") ?? undefined);
  if (!parsed.success) throw new DomainError("VALIDATION", `Idempotency-Key: ${parsed.error.issues[0]?.message ?? "is required"}`, { field: "Idempotency-Key" });
  return parsed.data;
}
