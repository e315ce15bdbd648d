import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { db as rootDb, type Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { assertProgramOpen } from "@/lib/providers/provider-status";
import { parseAmountInput } from "@/lib/money/parse-amount";
import { createNotification } from "@/lib/notifications/create-notification";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { consumeRateLimit, type RateLimit } from "@/lib/rate-limit/consume";
import { deleteStoredImage, maxImageBytes, storeImage } from "@/lib/uploads/store-image";
import { flagSamePurchase } from "./flag-same-purchase";
import { parseIsoDate, purchaseDateProblem, shortDate } from "./receipt-dates";

/** Uploads per member per hour: enough for a shoebox of receipts, not for a script. */
export const RECEIPT_RATE_LIMIT: RateLimit = { limit: 20, windowSeconds: 60 * 60 };

const inputSchema = z.object({
  programId: z.uuid({ error: "Choose a program" }),
  amount: z.string({ error: "Enter the amount on the receipt" }).trim().min(1, "Enter the amount on the receipt").max(32, "That amount is too long"),
  purchasedOn: z.string({ error: "Enter the purchase date" }).trim().min(1, "Enter the purchase date"),
  receiptNumber: z
    .string()
    .trim()
    .max(64, "A receipt number has at most 64 characters")
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export type SubmitReceiptInput = {
  userId: string;
  programId: unknown;
  amount: unknown;
  purchasedOn: unknown;
  receiptNumber?: unknown;
  image: Blob | null;
  now?: Date;
};

export type SubmittedReceipt = { receiptId: string; purchaseId: string; rewardId: string | null };

type Duplicate = { memberId: string; createdAt: Date };

function duplicateError(existing: Duplicate, memberId: string, how: "image" | "details", now: Date): DomainError {
  // Someone else's upload of the same photo: say it was sent, not by whom or when.
  if (existing.memberId !== memberId) return new DomainError("CONFLICT", "This receipt has already been sent to this program.", { field: "image" });
  const when = shortDate(existing.createdAt, now);
  return how === "image"
    ? new DomainError("CONFLICT", `You already sent this receipt on ${when}.`, { field: "image" })
    : new DomainError("CONFLICT", `You already sent this receipt on ${when} (same date, amount and receipt number).`, { field: "amount" });
}

/**
 * A member sends a photographed receipt: it is validated, stored, recorded as a RECEIPT purchase (which
 * always waits for the provider's review) and acknowledged with a notification — all in one transaction.
 * The same photo or the same details twice → 409; the stored file of a refused upload is removed.
 */
export async function submitReceipt(db: Db, raw: SubmitReceiptInput): Promise<SubmittedReceipt> {
  const now = raw.now ?? new Date();
  const parsed = inputSchema.safeParse({ programId: raw.programId, amount: raw.amount, purchasedOn: raw.purchasedOn, receiptNumber: raw.receiptNumber ?? undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError("VALIDATION", issue?.message ?? "Check the form", { field: issue?.path.map(String).join(".") });
  }
  const input = parsed.data;

  const member = await db.member.findUnique({
    where: { userId_programId: { userId: raw.userId, programId: input.programId } },
    select: { id: true, status: true, program: { select: { id: true, name: true, slug: true, currency: true } } },
  });
  if (!member) throw new DomainError("NOT_FOUND", "You are not a member of that program.", { field: "programId" });
  if (member.status !== "ACTIVE") throw new DomainError("FORBIDDEN", "Your membership of this program is not active, so receipts cannot be sent to it.", { field: "programId" });
  await assertProgramOpen(db, input.programId);
  const { program } = member;

  const amountMinor = parseAmountInput(input.amount, program.currency);
  if (amountMinor === null || amountMinor <= 0n) {
    throw new DomainError("VALIDATION", program.currency === "PTS" ? "Enter the amount as a whole number, like 42." : "Enter the amount on the receipt, like 42.10.", { field: "amount" });
  }
  const purchasedOn = parseIsoDate(input.purchasedOn);
  if (!purchasedOn) throw new DomainError("VALIDATION", "Enter the purchase date as a date, like 2026-11-03.", { field: "purchasedOn" });
  const dateProblem = purchaseDateProblem(purchasedOn, now);
  if (dateProblem) throw new DomainError("VALIDATION", dateProblem, { field: "purchasedOn" });

  if (!raw.image || raw.image.size === 0) throw new DomainError("VALIDATION", "Add a photo of the receipt.", { field: "image" });
  if (raw.image.size > maxImageBytes("receipt")) {
    throw new DomainError("PAYLOAD_TOO_LARGE", `A receipt photo may be at most ${Math.round(maxImageBytes("receipt") / 1024 / 1024)} MB.`, { field: "image" });
  }

  const hit = await consumeRateLimit(rootDb, `receipt:${member.id}`, RECEIPT_RATE_LIMIT);
  if (!hit.ok) {
    const minutes = Math.ceil(hit.retryAfterSeconds / 60);
    throw new DomainError("RATE_LIMITED", `You have sent many receipts in a short time. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
      retryAfterSeconds: hit.retryAfterSeconds,
    });
  }

  // Refuse known duplicates before anything is written; the unique indexes below catch the races.
  const bytes = Buffer.from(await raw.image.arrayBuffer());
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const receiptNumber = input.receiptNumber ?? null;
  await refuseDuplicates(db, { programId: program.id, memberId: member.id, sha256, purchasedOn, amountMinor, receiptNumber, now });

  const stored = await storeImage(bytes, "receipt").catch((error: unknown) => {
    // The form's field is "image"; storeImage names its own.
    throw error instanceof DomainError ? new DomainError(error.code, error.message, { field: "image" }) : error;
  });
  const receiptId = randomUUID();
  try {
    const created = await db.$transaction(async (tx) => {
      const inserted = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO receipts (id, program_id, member_id, image_key, image_sha256, amount_minor, currency, purchased_on, receipt_number)
        VALUES (${receiptId}::uuid, ${program.id}::uuid, ${member.id}::uuid, ${stored.key}, ${stored.sha256}, ${amountMinor}, ${program.currency}::"Currency",
                ${purchasedOn}::date, ${receiptNumber})
        ON CONFLICT DO NOTHING RETURNING id::text`;
      if (inserted.length === 0) return null;
      // Noon UTC: the day stays the same in every time zone a dashboard may show it in.
      const occurredAt = new Date(purchasedOn.getTime() + 12 * 60 * 60 * 1000);
      const outcome = await recordPurchase(tx, {
        programId: program.id,
        source: "RECEIPT",
        orderId: receiptId,
        origin: { receiptId, imageKey: stored.key },
        amountMinor,
        currency: program.currency,
        customer: { memberId: member.id },
        occurredAt,
        actor: { type: "USER", id: raw.userId },
        now,
      });
      if (outcome.status !== "accepted") throw new Error(`receipt ${receiptId}: its purchase was not recorded`);
      await tx.receipt.update({ where: { id: receiptId }, data: { purchaseId: outcome.purchaseId } });
      // A receipt for a purchase already rewarded from another source goes to the reviewer flagged.
      await flagSamePurchase(tx, {
        programId: program.id,
        memberId: member.id,
        purchaseId: outcome.purchaseId,
        rewardId: outcome.reward?.id ?? null,
        receiptId,
        amountMinor,
        currency: program.currency,
        occurredAt,
        receiptNumber,
      });
      await createNotification(tx, {
        userId: raw.userId,
        kind: "RECEIPT",
        data: {
          receiptId,
          purchaseId: outcome.purchaseId,
          rewardId: outcome.reward?.id ?? null,
          amountMinor: amountMinor.toString(),
          currency: program.currency,
          programName: program.name,
          programSlug: program.slug,
          purchasedOn: input.purchasedOn,
        },
      });
      return { receiptId, purchaseId: outcome.purchaseId, rewardId: outcome.reward?.id ?? null };
    });
    if (created) return created;
    // A concurrent upload of the same receipt won the race.
    await refuseDuplicates(db, { programId: program.id, memberId: member.id, sha256, purchasedOn, amountMinor, receiptNumber, now });
    throw new DomainError("CONFLICT", "This receipt has already been sent.", { field: "image" });
  } catch (error) {
    await deleteStoredImage(stored.key);
    throw error;
  }
}

async function refuseDuplicates(
  db: Db,
  r: { programId: string; memberId: string; sha256: string; purchasedOn: Date; amountMinor: bigint; receiptNumber: string | null; now: Date },
): Promise<void> {
  const sameImage = await db.receipt.findUnique({ where: { programId_imageSha256: { programId: r.programId, imageSha256: r.sha256 } }, select: { memberId: true, createdAt: true } });
  if (sameImage) throw duplicateError(sameImage, r.memberId, "image", r.now);
  // Mirrors the receipts_details_key index (a missing number counts as an empty one).
  const sameDetails = await db.receipt.findFirst({
    where: {
      programId: r.programId,
      memberId: r.memberId,
      purchasedOn: r.purchasedOn,
      amountMinor: r.amountMinor,
      ...(r.receiptNumber ? { receiptNumber: r.receiptNumber } : { OR: [{ receiptNumber: null }, { receiptNumber: "" }] }),
    },
    select: { memberId: true, createdAt: true },
  });
  if (sameDetails) throw duplicateError(sameDetails, r.memberId, "details", r.now);
}
