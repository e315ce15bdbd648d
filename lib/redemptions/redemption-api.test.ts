import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { db } from "@/lib/db/client";
import { aFundedMember, aSpendingProgram, call } from "@/tests/support/redemption-api";
import { expireRedemptions } from "./expire-redemptions";
import { getRedemption } from "./get-redemption";
import { createVoucher } from "./vouchers";

// The Redemption API as a shop sees it (docs/integrations/redemptions.md): only requests with a key, and
// every status and code of the contract.

const base = (programId: string) => `/api/v1/programs/${programId}`;
const hold = (email: string, amount: number, extra: Record<string, unknown> = {}) => ({ customer: { email }, amount, currency: "EUR", orderId: `o-${randomUUID().slice(0, 8)}`, ...extra });
const problemOf = async (res: Response) => ({ status: res.status, ...(await res.json()) }) as { status: number; code: string; field?: string };

describe("the key on the hold and capture routes, checked with the unit's first statements", () => {
  it("answers a refused key before anything about the request, and holds, captures and stores nothing for it", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 1000n);
    const created = await (await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 100), "ok-1")).json();
    const other = await aSpendingProgram();
    const readOnly = await aSpendingProgram({ scopes: ["balances:read"] });
    const holdPath = `${base(p.programId)}/redemptions`;
    const capturePath = `${holdPath}/${created.id}/capture`;
    const refusedAs = async (key: string, expected: { status: number; code: string }, paths = { hold: holdPath, capture: capturePath }) => {
      // A good request, and one with a bad body and no Idempotency-Key: either way the key's refusal.
      expect(await problemOf(await call(key, "POST", paths.hold, hold(m.email, 10), "refused-1"))).toMatchObject(expected);
      expect(await problemOf(await call(key, "POST", paths.hold, { amount: "ten" }))).toMatchObject(expected);
      expect(await problemOf(await call(key, "POST", paths.capture, {}))).toMatchObject(expected);
      expect(await problemOf(await call(key, "POST", paths.capture, { amount: -1 }))).toMatchObject(expected);
    };
    await refusedAs("", { status: 401, code: "unauthenticated" });
    await refusedAs(`bmr_sk_${"x".repeat(43)}`, { status: 401, code: "unauthenticated" });
    await refusedAs(other.key, { status: 401, code: "unauthenticated" });
    const elsewhere = `${base(readOnly.programId)}/redemptions`;
    await refusedAs(readOnly.key, { status: 403, code: "insufficient_scope" }, { hold: elsewhere, capture: `${elsewhere}/${created.id}/capture` });
    const unknown = `${base(randomUUID())}/redemptions`;
    await refusedAs(p.key, { status: 404, code: "not_found" }, { hold: unknown, capture: `${unknown}/${created.id}/capture` });
    await revokeApiKey(db, { keyId: p.keyId });
    await refusedAs(p.key, { status: 401, code: "unauthenticated" });

    expect(await db.redemption.findMany({ where: { programId: p.programId }, select: { id: true, status: true } })).toEqual([{ id: created.id, status: "REQUIRES_CAPTURE" }]);
    expect(await db.idempotencyRecord.count({ where: { programId: p.programId } })).toBe(1);
    expect(await db.notification.count({ where: { userId: m.userId, kind: "SPENT" } })).toBe(0);
  });
});

describe("the key on the embedded database", () => {
  it("is checked before the handler there (one connection's open transaction holds the others back), with the same answers", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set("application_name", "boomerang-embedded");
    vi.stubEnv("DATABASE_URL", url.toString());
    try {
      const p = await aSpendingProgram();
      const m = await aFundedMember(p.programId, 1000n);
      const created = await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 300), "emb-1");
      expect(created.status).toBe(201);
      const { id } = await created.json();
      expect(await (await call(p.key, "POST", `${base(p.programId)}/redemptions/${id}/capture`, {})).json()).toMatchObject({ status: "captured", amountCaptured: 300 });
      const other = await aSpendingProgram();
      expect(await problemOf(await call(other.key, "POST", `${base(p.programId)}/redemptions`, { amount: "ten" }))).toMatchObject({ status: 401, code: "unauthenticated" });
      expect(await problemOf(await call(other.key, "POST", `${base(p.programId)}/redemptions/${id}/capture`, {}))).toMatchObject({ status: 401, code: "unauthenticated" });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("balance", () => {
  it("answers the member's available, pending, held and spendable cashback", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 2500n);
    const res = await call(p.key, "GET", `${base(p.programId)}/balance?email=${encodeURIComponent(m.email)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ currency: "EUR", available: 2500, pending: 0, held: 0, spendable: 2500 });
    const byCode = await call(p.key, "GET", `${base(p.programId)}/balance?memberCode=${m.code}`);
    expect((await byCode.json()).available).toBe(2500);
  });

  it("refuses a missing, wrong or revoked key with 401, a missing scope with 403, an unknown program or member with 404", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 100n);
    const path = `${base(p.programId)}/balance?email=${encodeURIComponent(m.email)}`;
    expect((await call("", "GET", path)).status).toBe(401);
    expect((await call(`bmr_sk_${"x".repeat(43)}`, "GET", path)).status).toBe(401);
    const other = await aSpendingProgram();
    expect((await call(other.key, "GET", path)).status).toBe(401);
    expect((await call(p.key, "GET", `${base(randomUUID())}/balance?email=a@b.test`)).status).toBe(404);
    expect((await call(p.key, "GET", `${base(p.programId)}/balance?email=nobody@example.test`)).status).toBe(404);
    expect(await problemOf(await call(p.key, "GET", `${base(p.programId)}/balance`))).toMatchObject({ status: 400, code: "validation" });

    const readOnly = await aSpendingProgram({ scopes: ["balances:read"] });
    const r = await aFundedMember(readOnly.programId, 100n);
    expect((await call(readOnly.key, "GET", `${base(readOnly.programId)}/balance?email=${encodeURIComponent(r.email)}`)).status).toBe(200);
    expect(await problemOf(await call(readOnly.key, "POST", `${base(readOnly.programId)}/redemptions`, hold(r.email, 10), "k1"))).toMatchObject({ status: 403, code: "insufficient_scope" });

    await revokeApiKey(db, { keyId: p.keyId });
    expect((await call(p.key, "GET", path)).status).toBe(401);
    expect((await db.programApiKey.findUniqueOrThrow({ where: { id: p.keyId } })).lastUsedAt).not.toBeNull();
  });
});

describe("holds, captures, cancels and refunds", () => {
  it("holds, answers a retry with the same key alike and another body with 409, and refuses more than is spendable with 422 holding nothing", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 1000n);
    const body = hold(m.email, 600);
    const first = await call(p.key, "POST", `${base(p.programId)}/redemptions`, body, "idem-1");
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({ status: "requires_capture", orderId: body.orderId, currency: "EUR", amountRequested: 600, amountHeld: 600, amountCaptured: 0, amountRefunded: 0 });
    expect(created.id).toMatch(/^rdm_/);
    expect(created.balance).toEqual({ currency: "EUR", available: 400, pending: 0, held: 600, spendable: 400 });

    const retry = await call(p.key, "POST", `${base(p.programId)}/redemptions`, body, "idem-1");
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(created);
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, { ...body, amount: 601 }, "idem-1"))).toMatchObject({ status: 409, code: "idempotency_conflict" });

    const tooMuch = await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 401), "idem-2"));
    expect(tooMuch).toMatchObject({ status: 422, code: "insufficient_balance" });
    const partial = await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 1000, { allowPartial: true }), "idem-3");
    expect(await partial.json()).toMatchObject({ amountRequested: 1000, amountHeld: 400, balance: { available: 0, held: 1000 } });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 5, { allowPartial: true }), "idem-4"))).toMatchObject({ status: 422, code: "insufficient_balance" });
    expect(await db.redemption.count({ where: { programId: p.programId } })).toBe(2);
  });

  it("names the bad field with 400, requires an Idempotency-Key and the program's currency", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 1000n);
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 10)))).toMatchObject({ status: 400, field: "Idempotency-Key" });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 10), "x".repeat(256)))).toMatchObject({ status: 400, field: "Idempotency-Key" });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 1.5), "a"))).toMatchObject({ status: 400, field: "amount" });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 0), "b"))).toMatchObject({ status: 400, field: "amount" });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 10, { currency: "USD" }), "c"))).toMatchObject({ status: 400, field: "currency", code: "currency_mismatch" });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 10, { expiresInSeconds: 10 }), "d"))).toMatchObject({ status: 400, field: "expiresInSeconds" });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, { amount: 10, currency: "EUR", orderId: "o" }, "e"))).toMatchObject({ status: 400, field: "customer" });
    expect(await db.redemption.count({ where: { programId: p.programId } })).toBe(0);
  });

  it("captures all or part (the rest back at once), answers a repeated capture alike, and refuses to cancel after a capture", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 1000n);
    const created = await (await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 700), "h1")).json();
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/capture`, { amount: 701 }))).toMatchObject({ status: 400, field: "amount" });
    const captured = await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/capture`, { amount: 500 });
    expect(captured.status).toBe(200);
    expect(await captured.json()).toMatchObject({ status: "captured", amountHeld: 700, amountCaptured: 500, balance: { available: 500, held: 0 } });
    expect(await (await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/capture`, { amount: 500 })).json()).toMatchObject({ status: "captured", amountCaptured: 500 });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/capture`, { amount: 400 }))).toMatchObject({ status: 409, code: "invalid_state" });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/cancel`))).toMatchObject({ status: 409, code: "invalid_state" });
    const read = await call(p.key, "GET", `${base(p.programId)}/redemptions/${created.id}`);
    expect(await read.json()).toMatchObject({ id: created.id, status: "captured", amountCaptured: 500 });
    // The member is told.
    expect(await db.notification.count({ where: { userId: m.userId, kind: "SPENT" } })).toBe(1);
  });

  it("cancels an open hold (repeatably) and then refuses to capture it", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 300n);
    const created = await (await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 300), "c1")).json();
    for (let i = 0; i < 2; i++) {
      const res = await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/cancel`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "canceled", balance: { available: 300, held: 0 } });
    }
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/capture`, {}))).toMatchObject({ status: 409, code: "invalid_state" });
  });

  it("refunds after capture, idempotently, never more than was captured", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 1000n);
    const created = await (await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 800, { capture: true }), "r1")).json();
    expect(created).toMatchObject({ status: "captured", amountCaptured: 800, balance: { available: 200 } });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/refunds`, { amount: 100 }))).toMatchObject({ status: 400, field: "Idempotency-Key" });
    const first = await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/refunds`, { amount: 300 }, "rf-1");
    expect(first.status).toBe(201);
    const refund = await first.json();
    expect(refund).toMatchObject({ amount: 300, redemption: { status: "partially_refunded", amountRefunded: 300, balance: { available: 500 } } });
    expect(refund.id).toMatch(/^rfd_/);
    expect(await (await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/refunds`, { amount: 300 }, "rf-1")).json()).toEqual(refund);
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/refunds`, { amount: 501 }, "rf-2"))).toMatchObject({ status: 422, code: "refund_exceeds_captured" });
    const rest = await (await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/refunds`, { amount: 500 }, "rf-3")).json();
    expect(rest.redemption).toMatchObject({ status: "refunded", amountRefunded: 800, balance: { available: 1000 } });
  });

  it("answers 404 for another program's redemption id, and 409 open_hold_exists for a second hold on the same order", async () => {
    const p = await aSpendingProgram();
    const q = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 1000n);
    const body = hold(m.email, 100);
    const created = await (await call(p.key, "POST", `${base(p.programId)}/redemptions`, body, "o1")).json();
    expect((await call(q.key, "GET", `${base(q.programId)}/redemptions/${created.id}`)).status).toBe(404);
    expect((await call(q.key, "POST", `${base(q.programId)}/redemptions/${created.id}/capture`, {})).status).toBe(404);
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, body, "o2"))).toMatchObject({ status: 409, code: "open_hold_exists" });
  });
});

describe("expiry", () => {
  it("reads an uncaptured hold past its expiry as expired before the job runs; the job releases it; it can never be captured", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 500n);
    const created = await (await call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 500, { expiresInSeconds: 60 }), "e1")).json();
    const later = new Date(Date.now() + 2 * 60_000);
    expect(await getRedemption(db, { programId: p.programId, redemptionId: created.id, now: later })).toMatchObject({ status: "expired" });
    expect(await expireRedemptions(db, { at: later })).toMatchObject({ redemptions: 1 });
    const read = await (await call(p.key, "GET", `${base(p.programId)}/redemptions/${created.id}`)).json();
    expect(read).toMatchObject({ status: "expired", balance: { available: 500, held: 0 } });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions/${created.id}/capture`, {}))).toMatchObject({ status: 409, code: "redemption_expired" });
    expect(await expireRedemptions(db, { at: later })).toMatchObject({ redemptions: 0 });
  });
});

describe("vouchers", () => {
  it("a member's voucher code pays at the shop once; its cashback was reserved when it was made", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 1000n);
    const voucher = await createVoucher(db, { userId: m.userId, programId: p.programId, amountMinor: 600n });
    expect(voucher.code).toMatch(/^BMR-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const body = { customer: { voucherCode: voucher.code.toLowerCase() }, amount: 450, currency: "EUR", orderId: "v-1", capture: true };
    const paid = await (await call(p.key, "POST", `${base(p.programId)}/redemptions`, body, "v1")).json();
    expect(paid).toMatchObject({ status: "captured", amountCaptured: 450, balance: { available: 550, held: 0 } });
    expect(await problemOf(await call(p.key, "POST", `${base(p.programId)}/redemptions`, { ...body, orderId: "v-2" }, "v2"))).toMatchObject({ status: 409, code: "invalid_state" });
  });
});

describe("racing holds", () => {
  it("100 concurrent holds for one member on a balance that covers 37 of them: exactly 37 held, 63 refused with 422", async () => {
    const p = await aSpendingProgram();
    const m = await aFundedMember(p.programId, 37n * 10n);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => call(p.key, "POST", `${base(p.programId)}/redemptions`, hold(m.email, 10), `race-${i}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(37);
    expect(statuses.filter((s) => s === 422)).toHaveLength(63);
    const account = await db.ledgerAccount.findFirstOrThrow({ where: { ownerType: "MEMBER", ownerId: m.memberId, kind: "MEMBER_AVAILABLE" } });
    expect(account.balance).toBe(0n);
  });
});
