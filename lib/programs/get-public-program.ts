import "server-only";
import { cache } from "react";
import { db } from "@/lib/db/client";

/** A published program of an active business, as shown on its public page; null otherwise. */
export const getPublicProgram = cache(async (slug: string) => {
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) return null;
  const program = await db.program.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, currency: true, description: true, brandColor: true, published: true, provider: { select: { name: true, status: true } } },
  });
  if (!program || !program.published || program.provider.status !== "ACTIVE") return null;
  return program;
});
