import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cardPayload } from "@/lib/members/card-token";
import type { SessionUser } from "@/lib/auth/session";
import { closeDb, createDb, db, type Db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { balance, memberAccount, providerAccount } from "@/lib/ledger";
import { loadRoles } from "@/lib/auth/load-roles";
import { joinProgram } from "@/lib/members/join-program";
import { addStaff } from "@/lib/providers/add-staff";
import { createProvider } from "@/lib/providers/create-provider";
import { setStaffCap } from "@/lib/providers/set-staff-cap";
import { percentageRuleSet, serializeRuleSet } from "@/lib/rules";
import { registerPurchase } from "./register-purchase";
import { refusal } from "@/tests/support/refusal";

// The route reads the session through next-auth, which needs a Next request scope that vitest does not have.
// The session lookup (currentUser) is replaced by a fixed user; everything after it — rate limit, role and
// tenant checks, validation, the sale — runs for real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
const { POST } = await import("@/app/api/register/purchases/route");

const short = () => randomUUID().slice(0, 8);

async function user(name = "Carl Cashier") {
  return db.user.create({ data: { email: `u-${short()}@register.test`, name, passwordHash: "x" } });
}

/** A business with one program (10% back, 14-day hold, the given cashier cap), a cashier and a member. */
async function shop(capMinor: bigint | null = 1000n) {
  const owner = await user("Olga Owner");
  const created = await createProvider(db, { name: "Corner Shop", slug: `corner-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
  await db.program.update({ where: { id: created.programId }, data: { cashierDailyCapMinor: capMinor } });
  const cashier = await user();
  await addStaff(db, { providerId: created.providerId, userId: cashier.id, role: "CASHIER" });
  const memberUser = await user("Maya Lind");
  const member = await joinProgram(db, { userId: memberUser.id, programId: created.programId });
  return { ...created, ownerId: owner.id, cashierId: cashier.id, member };
}

async function state(s: Awaited<ReturnType<typeof shop>>) {
  const [pending, liability, purchases, rewards] = await Promise.all([
    balance(db, memberAccount(s.member.id, "MEMBER_PENDING", "EUR")),
    balance(db, providerAccount(s.providerId, "PROVIDER_LIABILITY", "EUR")),
    db.purchase.count({ where: { programId: s.programId } }),
    db.reward.count({ where: { programId: s.programId } }),
  ]);
  return { pending, liability, purchases, rewards };
}

const hits = (programId: string, guard: "CASHIER_CAP" | "RECEIPT_REPLAY") => db.guardHit.findMany({ where: { programId, guard } });


describe("registerPurchase", () => {
  it("records the sale for the member by code and returns the reward with their first name only", async () => {
    const s = await shop();
    const typed = s.member.code.toLowerCase().replace("-", " ");
    const sale = await registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: typed, amountMinor: 2550n, receiptId: "R-0001" });
    expect(sale).toMatchObject({ receiptId: "R-0001", amountMinor: 255n, currency: "EUR", status: "PENDING", firstName: "Maya" });
    expect(sale.explanation).toContain("10%");
    expect(Object.values(sale).join(" ")).not.toContain("Lind");
    const purchase = await db.purchase.findUniqueOrThrow({ where: { id: sale.purchaseId }, include: { reward: true } });
    expect(purchase).toMatchObject({
      source: "REGISTER",
      orderId: "R-0001",
      memberId: s.member.id,
      cashierUserId: s.cashierId,
      customerMemberCode: s.member.code,
      amountMinor: 2550n,
      currency: "EUR",
      origin: { cashierUserId: s.cashierId, receiptId: "R-0001" },
    });
    expect(purchase.reward?.id).toBe(sale.rewardId);
    expect(await db.rewardEvent.findFirst({ where: { rewardId: sale.rewardId, toStatus: "PENDING" } })).toMatchObject({ actorType: "USER", actorId: s.cashierId });
    expect(await state(s)).toMatchObject({ pending: 255n, liability: -255n });

    // Without a receipt id the sale gets one of its own.
    const second = await registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: s.member.code, amountMinor: 100n });
    expect(second.receiptId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a code that is no member of this business", async () => {
    const s = await shop();
    const other = await shop();
    for (const code of ["ZZZZ-ZZZZ", other.member.code]) {
      const e = await refusal(registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: code, amountMinor: 1000n }));
      expect(e).toMatchObject({ code: "NOT_FOUND", message: "No member of this business has that code.", field: "memberCode" });
    }
    expect(await refusal(registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: "nope", amountMinor: 1000n }))).toMatchObject({ code: "VALIDATION" });
    expect(await refusal(registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: s.member.code, amountMinor: 0n }))).toMatchObject({ code: "VALIDATION", field: "amountMinor" });
    expect(await state(s)).toEqual({ pending: 0n, liability: 0n, purchases: 0, rewards: 0 });
  });

  it("refuses a sale whose reward would take the cashier past the daily cap, changing nothing but the guard count", async () => {
    const s = await shop(1000n); // €10.00 of cashback per cashier per day
    const sell = (amountMinor: bigint, now?: Date) => registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: s.member.code, amountMinor, now });
    await sell(9000n); // €9.00 issued
    const before = await state(s);

    const e = await refusal(sell(2000n)); // would add €2.00
    expect(e).toMatchObject({ code: "CONFLICT", field: "amountMinor" });
    expect(e.message).toContain("€10.00");
    expect(e.message).toContain("€9.00");
    expect(e.message).toContain("€2.00");
    expect(await state(s)).toEqual(before);
    const capHits = await hits(s.programId, "CASHIER_CAP");
    expect(capHits).toHaveLength(1);
    expect(capHits[0]).toMatchObject({ subject: s.cashierId, details: { capMinor: "1000", issuedTodayMinor: "900", rewardMinor: "200" } });

    // Exactly up to the cap is fine; another cashier has a cap of their own; tomorrow starts afresh.
    await sell(1000n);
    const colleague = await user();
    await addStaff(db, { providerId: s.providerId, userId: colleague.id, role: "MANAGER" });
    await registerPurchase(db, { providerId: s.providerId, cashierUserId: colleague.id, memberCode: s.member.code, amountMinor: 5000n });
    expect(await refusal(sell(10n))).toMatchObject({ code: "CONFLICT" });
    await sell(5000n, new Date(Date.now() + 24 * 60 * 60 * 1000));
    // Rejected rewards (nothing to pay) never count against the cap and are never refused by it.
    await db.program.update({ where: { id: s.programId }, data: { cashierDailyCapMinor: 0n } });
    await db.program.update({ where: { id: s.programId }, data: { ruleSet: { base: { type: "percentage", bps: 1000 }, minBasketMinor: "100000" } } });
    expect((await sell(500n)).status).toBe("REJECTED");
    expect(await hits(s.programId, "CASHIER_CAP")).toHaveLength(2);
  });

  it("identifies the member by their card's QR payload while it is fresh", async () => {
    const s = await shop(null);
    const { payload } = cardPayload(s.member.code);
    const sale = await registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: payload, amountMinor: 1000n });
    expect(sale.amountMinor).toBeGreaterThan(0n);
    const old = cardPayload(s.member.code, new Date(Date.now() - 10 * 60_000)).payload;
    expect(await refusal(registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: old, amountMinor: 1000n }))).toMatchObject({ code: "VALIDATION", field: "memberCode", message: expect.stringContaining("expired") });
    const forged = payload.slice(0, -2) + (payload.endsWith("AA") ? "BB" : "AA");
    expect(await refusal(registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: forged, amountMinor: 1000n }))).toMatchObject({ code: "VALIDATION", field: "memberCode" });
  });

  it("a cashier's own daily cap wins over the program's, in both directions", async () => {
    const s = await shop(1000n); // program default: €10.00 per cashier per day
    const sell = (cashierUserId: string, amountMinor: bigint) => registerPurchase(db, { providerId: s.providerId, cashierUserId, memberCode: s.member.code, amountMinor });
    await db.staffMember.update({ where: { userId_providerId: { userId: s.cashierId, providerId: s.providerId } }, data: { dailyCapMinor: 200n, dailyCapCurrency: "EUR" } });
    await sell(s.cashierId, 2000n); // €2.00: exactly the personal cap
    const e = await refusal(sell(s.cashierId, 100n));
    expect(e).toMatchObject({ code: "CONFLICT", field: "amountMinor" });
    expect(e.message).toContain("€2.00");

    const trusted = await user();
    await addStaff(db, { providerId: s.providerId, userId: trusted.id, role: "CASHIER" });
    await db.staffMember.update({ where: { userId_providerId: { userId: trusted.id, providerId: s.providerId } }, data: { dailyCapMinor: 5000n, dailyCapCurrency: "EUR" } });
    await sell(trusted.id, 40000n); // €40.00 of cashback: above the program default, within their own
    expect(await hits(s.programId, "CASHIER_CAP")).toHaveLength(1);
  });

  it("a cashier's own cap applies only to programs in its currency: a €2.00 cap refuses €2.50 at the EUR program, and the USD program keeps its own $10.00 cap", async () => {
    const s = await shop(1000n); // the EUR program's default: €10.00
    const usd = await db.program.create({
      data: { providerId: s.providerId, name: "Corner Shop US", slug: `corner-us-${short()}`, currency: "USD", ruleSet: serializeRuleSet(percentageRuleSet(1000)), holdDays: 14, cashierDailyCapMinor: 1000n },
    });
    const usMember = await joinProgram(db, { userId: (await user("Una Smith")).id, programId: usd.id });
    await setStaffCap(db, { providerId: s.providerId, userId: s.cashierId, dailyCapMinor: 200n, dailyCapCurrency: "EUR", actor: { userId: s.ownerId } });
    const sell = (memberCode: string, amountMinor: bigint) => registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode, amountMinor });

    // EUR: €25.00 at 10 % is €2.50 of cashback, over the cashier's own €2.00.
    const e = await refusal(sell(s.member.code, 2500n));
    expect(e).toMatchObject({ code: "CONFLICT", field: "amountMinor" });
    expect(e.message).toContain("€2.00");
    // USD: the €2.00 is not a dollar cap; the program's $10.00 applies: $50.00 → $5.00 passes, another $60.00 → $6.00 does not.
    expect(await sell(usMember.code, 5000n)).toMatchObject({ amountMinor: 500n, currency: "USD" });
    const u = await refusal(sell(usMember.code, 6000n));
    expect(u).toMatchObject({ code: "CONFLICT", field: "amountMinor" });
    expect(u.message).toContain("$10.00");

    // Set in USD instead ($20.00), the cap now governs the USD program, and the EUR program its own €10.00.
    await setStaffCap(db, { providerId: s.providerId, userId: s.cashierId, dailyCapMinor: 2000n, dailyCapCurrency: "USD", actor: { userId: s.ownerId } });
    expect(await sell(usMember.code, 6000n)).toMatchObject({ amountMinor: 600n, currency: "USD" });
    expect(await sell(s.member.code, 2500n)).toMatchObject({ amountMinor: 250n, currency: "EUR" });
  });

  it("refuses a receipt id registered before, counting a replay hit", async () => {
    const s = await shop(null);
    const sell = () => registerPurchase(db, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: s.member.code, amountMinor: 1000n, receiptId: "T1-42" });
    await sell();
    const before = await state(s);
    const e = await refusal(sell());
    expect(e).toMatchObject({ code: "CONFLICT", message: "This receipt was already registered.", field: "receiptId" });
    expect(await state(s)).toEqual(before);
    expect(await hits(s.programId, "RECEIPT_REPLAY")).toMatchObject([{ subject: "T1-42", details: { cashierUserId: s.cashierId } }]);
  });

  describe("with parallel connections", () => {
    let pool: Db;
    beforeAll(() => {
      pool = createDb(process.env.DATABASE_URL!, 20);
    });
    afterAll(async () => {
      await closeDb(pool);
    });

    it("20 concurrent sales by one cashier never issue more than the cap", async () => {
      const s = await shop(1000n);
      // Each sale earns €3.00: three fit under €10.00, the fourth would not.
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => registerPurchase(pool, { providerId: s.providerId, cashierUserId: s.cashierId, memberCode: s.member.code, amountMinor: 3000n, receiptId: `C-${i}` })),
      );
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(3);
      for (const r of refused) expect(r.reason).toMatchObject({ code: "CONFLICT", field: "amountMinor" });
      expect(await state(s)).toEqual({ pending: 900n, liability: -900n, purchases: 3, rewards: 3 });
      expect(await hits(s.programId, "CASHIER_CAP")).toHaveLength(17);
    });

    it("the same receipt at two tills at once is registered once", async () => {
      const s = await shop(null);
      const other = await user();
      await addStaff(db, { providerId: s.providerId, userId: other.id, role: "CASHIER" });
      const results = await Promise.allSettled(
        [s.cashierId, other.id].map((cashierUserId) => registerPurchase(pool, { providerId: s.providerId, cashierUserId, memberCode: s.member.code, amountMinor: 1000n, receiptId: "SAME" })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT", field: "receiptId" } });
      expect(await state(s)).toEqual({ pending: 100n, liability: -100n, purchases: 1, rewards: 1 });
    });
  });
});

describe("POST /api/register/purchases", () => {
  let s: Awaited<ReturnType<typeof shop>>;
  beforeAll(async () => {
    s = await shop(null);
  });
  beforeEach(() => {
    session.user = null;
  });

  async function signIn(userId: string) {
    const u = await db.user.findUniqueOrThrow({ where: { id: userId } });
    session.user = { id: u.id, email: u.email, name: u.name, roles: (await loadRoles(db, u.id))! };
  }

  async function call(body: unknown) {
    const req = new NextRequest("http://localhost/api/register/purchases", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const res = await POST(req, { params: Promise.resolve({}) });
    return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as Record<string, unknown> };
  }

  const sale = () => ({ providerId: s.providerId, memberCode: s.member.code, amountMinor: 1250 });

  it("401 without a session", async () => {
    expect(await call(sale())).toMatchObject({ status: 401, type: "application/problem+json" });
  });

  it("403 for someone who is nobody's staff, 404 for staff of another business", async () => {
    await signIn((await user()).id);
    expect(await call(sale())).toMatchObject({ status: 403 });
    const elsewhere = await shop(null);
    await signIn(elsewhere.cashierId);
    expect(await call(sale())).toMatchObject({ status: 404 });
    expect(await call({ ...sale(), providerId: randomUUID() })).toMatchObject({ status: 404 });
    expect(await state(s)).toMatchObject({ purchases: 0 });
  });

  it("400 naming the field for a bad body", async () => {
    await signIn(s.cashierId);
    expect(await call({ ...sale(), amountMinor: 12.5 })).toMatchObject({ status: 400, json: { field: "amountMinor" } });
    expect(await call({ ...sale(), amountMinor: "1250" })).toMatchObject({ status: 400, json: { field: "amountMinor" } });
    expect(await call({ ...sale(), amountMinor: -5 })).toMatchObject({ status: 400, json: { field: "amountMinor" } });
    expect(await call({ memberCode: s.member.code, amountMinor: 1250 })).toMatchObject({ status: 400, json: { field: "providerId" } });
    expect(await call({ ...sale(), memberCode: "" })).toMatchObject({ status: 400, json: { field: "memberCode" } });
    expect(await call("{not json")).toMatchObject({ status: 400 });
  });

  it("201 with the reward for any staff role, 404 for an unknown code, 409 for a replayed receipt", async () => {
    for (const role of ["CASHIER", "MANAGER", "OWNER"] satisfies StaffRole[]) {
      const who = role === "OWNER" ? s.ownerId : role === "CASHIER" ? s.cashierId : (await user()).id;
      if (role === "MANAGER") await addStaff(db, { providerId: s.providerId, userId: who, role });
      await signIn(who);
      const res = await call({ ...sale(), receiptId: `R-${role}` });
      expect(res).toMatchObject({ status: 201, json: { amountMinor: "125", currency: "EUR", status: "PENDING", firstName: "Maya", receiptId: `R-${role}` } });
    }
    expect(await call({ ...sale(), memberCode: "ZZZZ-ZZZZ" })).toMatchObject({ status: 404, json: { field: "memberCode" } });
    expect(await call({ ...sale(), receiptId: "R-OWNER" })).toMatchObject({ status: 409, json: { detail: "This receipt was already registered." } });
    expect(await state(s)).toMatchObject({ purchases: 3, pending: 375n });
  });
});
