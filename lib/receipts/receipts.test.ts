import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { listOrders } from "@/lib/rewards/list-orders";
import { listReceipts } from "./list-receipts";
import { readReceiptImage } from "./read-receipt-image";
import { RECEIPT_RATE_LIMIT, submitReceipt, type SubmitReceiptInput } from "./submit-receipt";
import { refusal } from "@/tests/support/refusal";

const short = () => randomUUID().slice(0, 8);
const NOW = new Date("2026-11-20T10:00:00Z");
let uploads: string;

async function png(seed: number, width = 40): Promise<Blob> {
  const buffer = await sharp({ create: { width, height: 60, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: (seed * 13) % 256 } } })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(buffer)], { type: "image/png" });
}

async function user(name = "Receipt Person") {
  return db.user.create({ data: { email: `r-${short()}@receipts.test`, name, passwordHash: "x" } });
}

async function provider() {
  const owner = await user("Owner");
  const p = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
  return { ...p, ownerId: owner.id };
}

// Receipt photos stored (in the database: UPLOAD_STORAGE defaults to postgres).
async function storedFiles(): Promise<string[]> {
  const rows = await db.storedImage.findMany({ where: { key: { startsWith: "receipt/" } }, select: { key: true } });
  return rows.map((r) => r.key);
}


let shop: Awaited<ReturnType<typeof provider>>;
let other: Awaited<ReturnType<typeof provider>>;
let maya: { id: string };
let mayaMemberId: string;

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), "boomerang-receipts-"));
  process.env.UPLOAD_DIR = uploads;
  shop = await provider();
  other = await provider();
  maya = await user("Maya");
  mayaMemberId = (await joinProgram(db, { userId: maya.id, programId: shop.programId })).id;
});

const base = (over: Partial<SubmitReceiptInput> = {}): SubmitReceiptInput => ({
  userId: maya.id,
  programId: shop.programId,
  amount: "42.10",
  purchasedOn: "2026-11-03",
  image: null,
  now: NOW,
  ...over,
});

describe("submitReceipt", () => {
  it("stores the photo, records a purchase waiting for review and acknowledges it with a notification", async () => {
    const before = (await storedFiles()).length;
    const result = await submitReceipt(db, base({ image: await png(1), receiptNumber: "A-1" }));
    const receipt = await db.receipt.findUniqueOrThrow({ where: { id: result.receiptId } });
    expect(receipt).toMatchObject({ programId: shop.programId, memberId: mayaMemberId, amountMinor: 4210n, currency: "EUR", receiptNumber: "A-1", purchaseId: result.purchaseId });
    expect(receipt.purchasedOn.toISOString().slice(0, 10)).toBe("2026-11-03");
    const purchase = await db.purchase.findUniqueOrThrow({ where: { id: result.purchaseId }, include: { reward: true } });
    expect(purchase).toMatchObject({ source: "RECEIPT", orderId: result.receiptId, memberId: mayaMemberId, amountMinor: 4210n });
    expect(purchase.origin).toMatchObject({ receiptId: result.receiptId, imageKey: receipt.imageKey });
    expect(purchase.reward).toMatchObject({ id: result.rewardId, status: "PENDING_REVIEW", amountMinor: 421n });
    expect(await storedFiles()).toHaveLength(before + 1);
    const notes = await db.notification.findMany({ where: { userId: maya.id, kind: "RECEIPT" } });
    expect(notes).toHaveLength(1);
    expect(notes[0]?.data).toMatchObject({ receiptId: result.receiptId, amountMinor: "4210", currency: "EUR", rewardId: result.rewardId });

    const list = await listReceipts(maya.id);
    expect(list[0]).toMatchObject({ id: result.receiptId, amountMinor: 4210n, reward: { status: "PENDING_REVIEW" } });

    // The business's orders list names it by the number printed on it, not by an internal id.
    const orders = await listOrders(shop.providerId, { source: "RECEIPT" });
    expect(orders.rows.find((r) => r.purchaseId === result.purchaseId)).toMatchObject({ reference: "A-1", source: "RECEIPT" });
  });

  it("refuses the same photo twice with the date it was first sent (409), leaving no new file", async () => {
    const image = await png(2);
    await submitReceipt(db, base({ image, amount: "10.00" }));
    const files = (await storedFiles()).length;
    const error = await refusal(submitReceipt(db, base({ image: await png(2), amount: "11.00", purchasedOn: "2026-11-04" })));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/^You already sent this receipt on \d{1,2} [A-Z][a-z]{2}\.$/);
    expect(await storedFiles()).toHaveLength(files);
  });

  it("refuses the same details from another photo (409) and keeps no file of the refused upload", async () => {
    await submitReceipt(db, base({ image: await png(3), amount: "7.50", purchasedOn: "2026-11-05", receiptNumber: "Z9" }));
    const files = await storedFiles();
    const error = await refusal(submitReceipt(db, base({ image: await png(4), amount: "7,50", purchasedOn: "2026-11-05", receiptNumber: " Z9 " })));
    expect(error.status).toBe(409);
    expect(error.message).toContain("You already sent this receipt");
    expect((await storedFiles()).sort()).toEqual(files.sort());
    // A different receipt number is a different receipt.
    await expect(submitReceipt(db, base({ image: await png(4), amount: "7.50", purchasedOn: "2026-11-05", receiptNumber: "Z10" }))).resolves.toBeTruthy();
  });

  it("lets one of two simultaneous uploads of the same photo through and removes the other's file", async () => {
    const files = (await storedFiles()).length;
    const results = await Promise.allSettled([submitReceipt(db, base({ image: await png(9), amount: "5.00" })), submitReceipt(db, base({ image: await png(9), amount: "6.00" }))]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason instanceof DomainError ? rejected.reason.status : null).toBe(409);
    expect(await storedFiles()).toHaveLength(files + 1);
  });

  it("refuses what is not an image (400) and a photo that is too big (413)", async () => {
    const text = new Blob(["not an image at all"], { type: "image/png" });
    expect((await refusal(submitReceipt(db, base({ image: text, amount: "1.00" })))).status).toBe(400);
    const huge = new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: "image/jpeg" });
    const tooBig = await refusal(submitReceipt(db, base({ image: huge, amount: "1.00" })));
    expect(tooBig.status).toBe(413);
    expect(tooBig.field).toBe("image");
    expect((await refusal(submitReceipt(db, base({ image: null, amount: "1.00" })))).field).toBe("image");
  });

  it("refuses bad amounts and dates naming the field", async () => {
    const image = await png(5);
    for (const [over, field] of [
      [{ amount: "-3" }, "amount"],
      [{ amount: "0" }, "amount"],
      [{ amount: "12.345" }, "amount"],
      [{ purchasedOn: "2026-11-22" }, "purchasedOn"],
      [{ purchasedOn: "2026-02-30" }, "purchasedOn"],
      [{ purchasedOn: "2026-07-01" }, "purchasedOn"],
      [{ programId: "nope" }, "programId"],
    ] as const) {
      const error = await refusal(submitReceipt(db, base({ image, ...over })));
      expect([error.status, error.field]).toEqual([400, field]);
    }
    // Today (in the earliest time zone) is fine.
    await expect(submitReceipt(db, base({ image, amount: "3.00", purchasedOn: "2026-11-20" }))).resolves.toBeTruthy();
  });

  it("refuses a program the person is not an active member of", async () => {
    const image = await png(6);
    expect((await refusal(submitReceipt(db, base({ image, programId: other.programId })))).status).toBe(404);
    expect((await refusal(submitReceipt(db, base({ image, programId: randomUUID() })))).status).toBe(404);
    const leaver = await user();
    const m = await joinProgram(db, { userId: leaver.id, programId: shop.programId });
    await db.member.update({ where: { id: m.id }, data: { status: "LEFT" } });
    expect((await refusal(submitReceipt(db, base({ userId: leaver.id, image })))).status).toBe(403);
    expect(await db.receipt.count({ where: { memberId: m.id } })).toBe(0);
  });

  it("rate-limits uploads per member", async () => {
    const busy = await user();
    await joinProgram(db, { userId: busy.id, programId: shop.programId });
    const image = await png(7);
    let last: DomainError | null = null;
    for (let i = 0; i <= RECEIPT_RATE_LIMIT.limit; i++) {
      // Bad dates are refused before the limit counts; bad photos after it: each of these counts once.
      last = await refusal(submitReceipt(db, base({ userId: busy.id, image: new Blob(["x"]), amount: `${i + 1}.00` })));
    }
    expect(last?.status).toBe(429);
    expect((await refusal(submitReceipt(db, base({ userId: busy.id, image, amount: "99.00" })))).status).toBe(429);
  });
});

describe("readReceiptImage", () => {
  it("serves the photo to its member and to the program's staff only", async () => {
    const { receiptId } = await submitReceipt(db, base({ image: await png(8), amount: "8.00" }));
    const noRoles = { admin: false, staff: [] };
    expect((await readReceiptImage({ id: maya.id, roles: noRoles }, receiptId))?.subarray(8, 12).toString()).toBe("WEBP");
    expect(await readReceiptImage({ id: shop.ownerId, roles: { admin: false, staff: [{ providerId: shop.providerId, role: "CASHIER" }] } }, receiptId)).not.toBeNull();
    expect(await readReceiptImage({ id: other.ownerId, roles: { admin: false, staff: [{ providerId: other.providerId, role: "OWNER" }] } }, receiptId)).toBeNull();
    const stranger = await user();
    expect(await readReceiptImage({ id: stranger.id, roles: noRoles }, receiptId)).toBeNull();
    expect(await readReceiptImage({ id: maya.id, roles: noRoles }, "../../etc/passwd")).toBeNull();
  });
});
