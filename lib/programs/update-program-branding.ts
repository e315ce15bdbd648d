import "server-only";
import { z } from "zod";
import { auditDiff, recordAudit } from "@/lib/audit/record-audit";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { describeZodError } from "@/lib/validation";
import { publicImageUrl } from "@/lib/uploads/store-image";
import { readSocialLinks } from "./program-page-view";
import { requireProgramEditor } from "./require-program-editor";

/** Empty text means "not set". */
function optionalText(max: number, message = `Use at most ${max} characters`) {
  return z
    .string()
    .trim()
    .max(max, message)
    .nullish()
    .transform((v) => (v ? v : null));
}

const httpsUrl = z
  .string()
  .trim()
  .max(300, "Use at most 300 characters")
  .refine((v) => {
    try {
      const url = new URL(v);
      return url.protocol === "https:" && url.hostname.includes(".");
    } catch {
      return false;
    }
  }, "Enter a full https:// address");

export const brandingSchema = z.object({
  brandColor: z
    .string({ error: "Choose a brand colour" })
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Enter a colour like #0f766e")
    .transform((v) => v.toLowerCase()),
  description: optionalText(1000),
  address: optionalText(300),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "That e-mail address is too long")
    .nullish()
    .transform((v) => (v ? v : null))
    .pipe(z.email({ error: "Enter a valid e-mail address" }).nullable()),
  contactPhone: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .pipe(z.string().regex(/^\+?[0-9 ()./-]{3,30}$/, "Enter a phone number like +33 1 23 45 67 89").nullable()),
  website: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .pipe(httpsUrl.nullable()),
  openingHours: optionalText(1000),
  socialLinks: z
    .array(z.object({ label: z.string().trim().min(1, "Name the link").max(40, "Use at most 40 characters"), url: httpsUrl }))
    .max(10, "Add at most 10 links")
    .default([]),
});

export type BrandingInput = z.input<typeof brandingSchema>;

const SELECT = {
  brandColor: true,
  description: true,
  address: true,
  contactEmail: true,
  contactPhone: true,
  website: true,
  openingHours: true,
  socialLinks: true,
  logoKey: true,
  coverKey: true,
} as const;

/** The branding form's current values (OWNER and MANAGER). */
export async function getProgramBranding(db: DbOrTx, input: { providerId: string; programId: string; userId: string }) {
  await requireProgramEditor(db, input, ["OWNER", "MANAGER"]);
  const program = await db.program.findUniqueOrThrow({
    where: { id: input.programId },
    select: { ...SELECT, id: true, name: true, slug: true, currency: true, ruleSet: true, membershipPriceMinor: true, membershipInterval: true, published: true, provider: { select: { name: true } } },
  });
  return { ...program, socialLinks: readSocialLinks(program.socialLinks), logoUrl: publicImageUrl(program.logoKey), coverUrl: publicImageUrl(program.coverKey) };
}

/** Saves the program's brand colour and business profile; `program.branding.update` records before → after. */
export async function updateProgramBranding(db: DbOrTx, input: { providerId: string; programId: string; userId: string; values: unknown }) {
  await requireProgramEditor(db, input, ["OWNER", "MANAGER"]);
  const parsed = brandingSchema.safeParse(input.values);
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error);
    throw new DomainError("VALIDATION", message, { field });
  }
  const next = parsed.data;
  return inTransaction(db, async (tx) => {
    const before = await tx.program.findUniqueOrThrow({ where: { id: input.programId }, select: SELECT });
    const diff = auditDiff({ ...before, socialLinks: readSocialLinks(before.socialLinks) }, next);
    if (!diff) return { changed: [] as string[] };
    await tx.program.update({ where: { id: input.programId }, data: next });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.userId },
      action: "program.branding.update",
      providerId: input.providerId,
      programId: input.programId,
      target: { type: "program", id: input.programId },
      before: diff.before,
      after: diff.after,
    });
    return { changed: Object.keys(diff.after) };
  });
}
