import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { memberAccount, post, providerAccount } from "@/lib/ledger";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { readCardPayload } from "./card-token";
import { getHistoryItem } from "./get-history-item";
import { issueCardCode, listMemberCards } from "./get-member-card";
import { getWallet, walletToJson } from "./get-wallet";
import { cursorOf, parseHistorySearch, type HistoryLineJson } from "./history-view";
import { joinProgram } from "./join-program";
import { listHistory } from "./list-history";
import { nextAction } from "./next-action";

// Route handlers and actions read the session through next-auth, which needs a Next request scope; the
// lookup is replaced by a settable user and everything after it runs for real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
const walletRoute = await import("@/app/api/me/wallet/route");
const cardRoute = await import("@/app/api/me/card/route");
const { loadHistoryPage } = await import("@/app/(consumer)/wallet/history/actions");

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);
const base = new Date(Date.UTC(2026, 10, 1, 10, 0, 0));

async function shop(currency: "EUR" | "USD" = "EUR") {
  const owner = await db.user.create({ data: { email: `owner-${short()}@wallet.test`, passwordHash: "x" } });
  return createProvider(db, { name: `Shop ${short()}`, slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14, currency });
}

async function person(name: string) {
  return db.user.create({ data: { email: `${name.toLowerCase()}-${short()}@wallet.test`, name, passwordHash: "x" } });
}

/** A webhook purchase (10% back) on the given day; returns the reward id. */
async function buy(programId: string, memberId: string, amountMinor: bigint, at: Date, currency: "EUR" | "USD" = "EUR") {
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId: `order-${short()}`,
    origin: { test: true },
    amountMinor,
    currency,
    customer: { memberId },
    occurredAt: at,
    now: at,
    actor: { type: "WEBHOOK", id: "test" },
  });
  if (outcome.status !== "accepted" || !outcome.reward) throw new Error("expected a reward");
  return outcome.reward.id;
}

const asUser = (u: { id: string; email: string; name: string | null } | null) => {
  session.user = u ? { id: u.id, email: u.email, name: u.name, roles: { admin: false, staff: [] } } : null;
};
const get = (url: string) => new NextRequest(new URL(url, "http://localhost"));
const noParams = { params: Promise.resolve({}) };

let a: Awaited<ReturnType<typeof shop>>;
let b: Awaited<ReturnType<typeof shop>>;
let c: Awaited<ReturnType<typeof shop>>;
let alice: Awaited<ReturnType<typeof person>>;
let bob: Awaited<ReturnType<typeof person>>;
let newbie: Awaited<ReturnType<typeof person>>;
const m = {} as Record<"aliceA" | "aliceB" | "aliceC" | "bobA" | "newbieA", { id: string; code: string }>;
const r = {} as Record<"old" | "recent" | "later" | "usd" | "left" | "bob", string>;

beforeAll(async () => {
  [a, b, c] = [await shop(), await shop("USD"), await shop()];
  [alice, bob, newbie] = [await person("Alice"), await person("Bob"), await person("Nina")];
  m.aliceA = await joinProgram(db, { userId: alice.id, programId: a.programId });
  m.aliceB = await joinProgram(db, { userId: alice.id, programId: b.programId });
  m.aliceC = await joinProgram(db, { userId: alice.id, programId: c.programId });
  m.bobA = await joinProgram(db, { userId: bob.id, programId: a.programId });
  m.newbieA = await joinProgram(db, { userId: newbie.id, programId: a.programId });
  r.old = await buy(a.programId, m.aliceA.id, 10_000n, base); // €10 back, released below
  await releaseDueRewards(db, { now: new Date(base.getTime() + 15 * DAY) });
  r.recent = await buy(a.programId, m.aliceA.id, 5_000n, new Date(base.getTime() + 20 * DAY)); // €5 pending
  r.later = await buy(a.programId, m.aliceA.id, 3_000n, new Date(base.getTime() + 22 * DAY)); // €3 pending, two days later
  r.usd = await buy(b.programId, m.aliceB.id, 2_000n, new Date(base.getTime() + 21 * DAY), "USD"); // $2 pending
  r.left = await buy(c.programId, m.aliceC.id, 4_000n, new Date(base.getTime() + 19 * DAY));
  await db.member.update({ where: { id: m.aliceC.id }, data: { status: "LEFT", statusChangedAt: new Date() } });
  r.bob = await buy(a.programId, m.bobA.id, 7_000n, new Date(base.getTime() + 23 * DAY));
  // A goodwill credit that is not a reward: a ledger movement of its own.
  await post(db, {
    idempotencyKey: `test:goodwill:${short()}`,
    kind: "ADJUSTMENT",
    metadata: { reason: "Goodwill for a late order" },
    effectiveAt: new Date(base.getTime() + 21 * DAY + 3600_000),
    entries: [
      { account: providerAccount(a.providerId, "PROVIDER_LIABILITY", "EUR"), amount: -250n },
      { account: memberAccount(m.aliceA.id, "MEMBER_AVAILABLE", "EUR"), amount: 250n },
    ],
  });
});

describe("getWallet", () => {
  it("shows each program the member has not left with ledger balances, lifetime and the pending schedule", async () => {
    const w = await getWallet(alice.id);
    expect(w.programs.map((p) => p.memberId)).toEqual([m.aliceA.id, m.aliceB.id]);
    const [pa, pb] = w.programs;
    // Available: the released €10 plus the €2.50 adjustment; lifetime counts rewards only (pending + available).
    expect(pa?.balances).toEqual({ available: 1250n, pending: 800n, held: 0n, lifetime: 1800n });
    expect(pa?.program).toMatchObject({ id: a.programId, currency: "EUR" });
    expect(pb?.balances).toEqual({ available: 0n, pending: 200n, held: 0n, lifetime: 200n });
    // Each pending amount with the (UTC) day its hold period ends, soonest first.
    expect(pa?.upcoming).toEqual([
      { date: new Date(Date.UTC(2026, 11, 5)), amountMinor: 500n },
      { date: new Date(Date.UTC(2026, 11, 7)), amountMinor: 300n },
    ]);
    expect(pa?.upcomingLaterMinor).toBe(0n);
  });

  it("totals per currency and never adds different currencies", async () => {
    const { totals } = await getWallet(alice.id);
    expect(totals).toEqual([
      { currency: "EUR", programs: 1, available: 1250n, pending: 800n, held: 0n, lifetime: 1800n },
      { currency: "USD", programs: 1, available: 0n, pending: 200n, held: 0n, lifetime: 200n },
    ]);
  });

  it("suggests the card to a member with nothing earned yet, receipts otherwise, and nothing to do while suspended", async () => {
    expect((await getWallet(newbie.id)).programs[0]?.nextAction).toEqual({ kind: "show-card", label: "Show your card in store", href: `/wallet/card?program=${m.newbieA.id}` });
    expect((await getWallet(alice.id)).programs[0]?.nextAction.kind).toBe("link-card");
    await db.member.update({ where: { id: m.newbieA.id }, data: { status: "SUSPENDED" } });
    try {
      expect((await getWallet(newbie.id)).programs[0]?.nextAction).toMatchObject({ kind: "suspended", href: null });
    } finally {
      await db.member.update({ where: { id: m.newbieA.id }, data: { status: "ACTIVE" } });
    }
  });

  it("sends an unpaid membership to finish joining and a member with purchases in review to them", () => {
    const base = { memberId: "m1", programSlug: "cafe", rewardCount: 3, inReviewCount: 0 } as const;
    expect(nextAction({ ...base, status: "PENDING_PAYMENT" })).toMatchObject({ kind: "finish-joining", href: "/join/cafe" });
    expect(nextAction({ ...base, status: "ACTIVE", inReviewCount: 2 })).toEqual({
      kind: "wait-review",
      label: "2 purchases waiting for the shop's review",
      href: "/wallet/history?program=m1",
    });
    expect(nextAction({ ...base, status: "ACTIVE", hasLinkedAccount: false })).toMatchObject({ kind: "link-card", href: "/wallet/accounts" });
    expect(nextAction({ ...base, status: "ACTIVE", hasLinkedAccount: true })).toMatchObject({ kind: "upload-receipt", href: "/wallet/receipts" });
  });

  it("is empty for someone in no program, and its JSON carries amounts as strings", async () => {
    const someone = await person("Zed");
    expect(await getWallet(someone.id)).toMatchObject({ programs: [], totals: [] });
    const json = walletToJson(await getWallet(alice.id));
    expect(json.programs[0]?.balances).toEqual({ available: "1250", pending: "800", held: "0", lifetime: "1800" });
    expect(json.programs[0]?.upcoming[0]).toEqual({ date: "2026-12-05T00:00:00.000Z", amountMinor: "500" });
  });
});

describe("listHistory", () => {
  const keys = (lines: HistoryLineJson[]) => lines.map((l) => l.key);

  it("lists every reward of the member's programs (left ones too) and other movements, newest first", async () => {
    const { lines, nextCursor } = await listHistory(alice.id);
    expect(nextCursor).toBeNull();
    expect(lines.map((l) => (l.type === "reward" ? l.id : l.type === "movement" ? l.kind : l.type))).toEqual([r.later, "ADJUSTMENT", r.usd, r.recent, r.left, r.old]);
    const later = lines[0];
    expect(later).toMatchObject({ type: "reward", status: "PENDING", amountMinor: "300", currency: "EUR", purchase: { source: "WEBHOOK", amountMinor: "3000" } });
    expect(later?.type === "reward" && later.explanation).toContain("10%");
    expect(lines[1]).toMatchObject({ type: "movement", amountMinor: "250", label: "Adjustment", explanation: "Goodwill for a late order", program: { memberId: m.aliceA.id } });
    expect(lines.at(-1)).toMatchObject({ status: "AVAILABLE", amountMinor: "1000" });
    expect(keys(lines)).not.toContain(`r:${r.bob}`);
  });

  it("filters by program (one of the member's own) and by status, which leaves movements out", async () => {
    expect(keys((await listHistory(alice.id, { program: m.aliceB.id })).lines)).toEqual([`r:${r.usd}`]);
    const pending = await listHistory(alice.id, { status: "PENDING" });
    // The program Alice left still has its pending reward on record.
    expect(pending.lines.map((l) => l.id)).toEqual([r.later, r.usd, r.recent, r.left]);
    expect((await listHistory(alice.id, { program: m.aliceA.id, status: "AVAILABLE" })).lines.map((l) => l.id)).toEqual([r.old]);
    // Another member's membership as the filter: nothing, not their history.
    expect((await listHistory(alice.id, { program: m.bobA.id })).lines).toEqual([]);
    expect((await listHistory(bob.id)).lines.map((l) => l.id)).toEqual([r.bob]);
  });

  it("pages with a keyset cursor: every line once, in order", async () => {
    const all = keys((await listHistory(alice.id)).lines);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const filter: ReturnType<typeof parseHistorySearch>["filter"] = cursor ? parseHistorySearch({ cursor }).filter : {};
      const page = await listHistory(alice.id, filter, 4);
      seen.push(...keys(page.lines));
      cursor = page.nextCursor;
      if (cursor) expect(cursor).toBe(cursorOf(page.lines.at(-1)!));
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(all);
  });

  it("drops query-string values that do not parse, and reports them", () => {
    expect(parseHistorySearch({ program: "nope", status: "PENDING", cursor: "2026-01-01T00:00:00.000Z~r:x" })).toEqual({ filter: { status: "PENDING" }, invalid: ["program", "cursor"] });
    expect(parseHistorySearch({ status: ["AVAILABLE", "PENDING"], program: "" })).toEqual({ filter: { status: "AVAILABLE" }, invalid: [] });
    expect(parseHistorySearch({ status: "pending" }).invalid).toEqual(["status"]);
  });
});

describe("getHistoryItem", () => {
  it("returns the member's reward with its purchase and status timeline", async () => {
    const item = await getHistoryItem(alice.id, r.old);
    expect(item).toMatchObject({ id: r.old, status: "AVAILABLE", amountMinor: 1000n, purchase: { source: "WEBHOOK", amountMinor: 10_000n }, program: { holdDays: 14 } });
    expect(item?.events.map((e) => e.toStatus)).toEqual(["PENDING_REVIEW", "PENDING", "AVAILABLE"]);
    expect(item?.availableAt).toEqual(new Date(base.getTime() + 14 * DAY));
    // A program the member left still shows its history.
    expect(await getHistoryItem(alice.id, r.left)).toMatchObject({ id: r.left });
  });

  it("answers another member's reward, an unknown id and a malformed one the same way: null", async () => {
    expect(await getHistoryItem(bob.id, r.old)).toBeNull();
    expect(await getHistoryItem(alice.id, r.bob)).toBeNull();
    expect(await getHistoryItem(alice.id, randomUUID())).toBeNull();
    expect(await getHistoryItem(alice.id, "1 OR 1=1")).toBeNull();
  });
});

describe("member cards", () => {
  it("lists the cards of programs not left, and issues a rotating payload the register accepts", async () => {
    expect((await listMemberCards(alice.id)).map((c) => c.memberId)).toEqual([m.aliceA.id, m.aliceB.id]);
    const now = new Date();
    const card = await issueCardCode(alice.id, m.aliceA.id, now);
    expect(card.svg).toMatch(/^<svg/);
    expect(card.expiresAt.getTime()).toBeGreaterThan(now.getTime());
    expect(readCardPayload(card.payload, now)).toEqual({ ok: true, code: m.aliceA.code });
    // A screenshot stops working: the same payload is refused a few minutes later.
    expect(readCardPayload(card.payload, new Date(card.expiresAt.getTime() + 60_000))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses someone else's card and a card of a program left, as not found", async () => {
    await expect(issueCardCode(bob.id, m.aliceA.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(issueCardCode(alice.id, m.aliceC.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(issueCardCode(alice.id, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("GET /api/me/wallet and /api/me/card", () => {
  it("answer 401 without a session", async () => {
    asUser(null);
    expect((await walletRoute.GET(get("/api/me/wallet"), noParams)).status).toBe(401);
    const card = await cardRoute.GET(get(`/api/me/card?program=${m.aliceA.id}`), noParams);
    expect(card.status).toBe(401);
    expect(card.headers.get("content-type")).toContain("application/problem+json");
  });

  it("return the signed-in member's own wallet and card", async () => {
    asUser(alice);
    const wallet = await walletRoute.GET(get("/api/me/wallet"), noParams);
    expect(wallet.status).toBe(200);
    expect(wallet.headers.get("cache-control")).toContain("no-store");
    const body = (await wallet.json()) as { programs: { memberId: string; balances: { available: string } }[] };
    expect(body.programs.map((p) => [p.memberId, p.balances.available])).toEqual([
      [m.aliceA.id, "1250"],
      [m.aliceB.id, "0"],
    ]);
    const card = await cardRoute.GET(get(`/api/me/card?program=${m.aliceB.id}`), noParams);
    expect(card.status).toBe(200);
    const json = (await card.json()) as { code: string; payload: string; svg: string };
    expect(json.code).toBe(m.aliceB.code);
    expect(readCardPayload(json.payload)).toEqual({ ok: true, code: m.aliceB.code });
  });

  it("answer 404 for another member's card and 400 naming the field for a malformed id", async () => {
    asUser(bob);
    expect((await cardRoute.GET(get(`/api/me/card?program=${m.aliceA.id}`), noParams)).status).toBe(404);
    const bad = await cardRoute.GET(get("/api/me/card?program=42"), noParams);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "program" });
  });
});

describe("loadHistoryPage action", () => {
  it("refuses without a session and validates its input", async () => {
    asUser(null);
    expect(await loadHistoryPage({})).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    asUser(alice);
    expect(await loadHistoryPage({ status: "LOST" })).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "status" } });
  });

  it("pages the caller's own history only", async () => {
    asUser(bob);
    const page = await loadHistoryPage({ program: m.aliceA.id });
    expect(page).toEqual({ ok: true, data: { lines: [], nextCursor: null } });
    asUser(alice);
    const first = await loadHistoryPage({ status: "PENDING", program: m.aliceA.id });
    expect(first.ok && first.data.lines.map((l) => l.id)).toEqual([r.later, r.recent]);
  });
});
