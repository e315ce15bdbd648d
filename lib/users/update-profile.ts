import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

const nameSchema = z.string().trim().max(100, "Use at most 100 characters");

/** Changes the person's display name; an empty name clears it. */
export async function updateProfile(userId: string, input: { name: unknown }): Promise<{ name: string | null }> {
  const parsed = nameSchema.safeParse(input.name ?? "");
  if (!parsed.success) throw new DomainError("VALIDATION", parsed.error.issues[0]?.message ?? "Check your name", { field: "name" });
  const updated = await db.user.updateMany({ where: { id: userId, deletedAt: null }, data: { name: parsed.data || null } });
  if (updated.count === 0) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  return { name: parsed.data || null };
}
