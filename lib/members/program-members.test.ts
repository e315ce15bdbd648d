import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { csvCell, exportMembersCsv, memberCsvLine, MEMBERS_CSV_COLUMNS, type MemberCsvRow } from "./export-members-csv";
import { getProgramMember, parseHistoryCursor } from "./get-program-member";
import { joinProgram } from "./join-program";
import { listProgramMembers } from "./list-program-members";

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);

async function provider() {
  const owner = await db.user.create({ data: { email: `owner-${short()}@members.test`, name: "Olga Owner", passwordHash: "x" } });
  return createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
}

async function member(programId: string, name: string, email = `m-${short()}@members.test`) {
  const user = await db.user.create({ data: { email, name, passwordHash: "x" } });
  return joinProgram(db, { userId: user.id, programId });
}

async function buy(programId: string, memberId: string, amountMinor: bigint) {
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId: `order-${short()}`,
    origin: { test: true },
    amountMinor,
    currency: "EUR",
    customer: { memberId },
    actor: { type: "WEBHOOK", id: "test" },
  });
  if (outcome.status !== "accepted") throw new Error("expected the purchase to be accepted");
}

let a: Awaited<ReturnType<typeof provider>>;
let b: Awaited<ReturnType<typeof provider>>;
let alice: { id: string; code: string };
let bruno: { id: string; code: string };
let otherAlice: { id: string; code: string };

beforeAll(async () => {
  a = await provider();
  b = await provider();
  alice = await member(a.programId, "Alice Andersen", `alice-${short()}@members.test`);
  bruno = await member(a.programId, "Bruno Berg");
  otherAlice = await member(b.programId, "Alice Elsewhere");
  // 10% of €100 becomes available after the hold period; then 10% of €50 stays pending.
  await buy(a.programId, alice.id, 10_000n);
  await releaseDueRewards(db, { now: new Date(Date.now() + 15 * DAY) });
  await buy(a.programId, alice.id, 5_000n);
  await buy(b.programId, otherAlice.id, 7_000n);
});

describe("listProgramMembers", () => {
  it("lists only the provider's members, with ledger balances and lifetime earnings", async () => {
    const list = await listProgramMembers(a.providerId);
    expect(list.total).toBe(2);
    expect(list.items.map((m) => m.id).sort()).toEqual([alice.id, bruno.id].sort());
    const row = list.items.find((m) => m.id === alice.id);
    expect(row).toMatchObject({ name: "Alice Andersen", code: alice.code, status: "ACTIVE", available: 1000n, pending: 500n, held: 0n, lifetime: 1500n });
    expect(row?.program).toMatchObject({ id: a.programId, currency: "EUR" });
    expect(list.items.find((m) => m.id === bruno.id)).toMatchObject({ available: 0n, pending: 0n, lifetime: 0n });
  });

  it("searches name, e-mail and code case-insensitively, within the tenant", async () => {
    expect((await listProgramMembers(a.providerId, { q: "ALICE" })).items.map((m) => m.id)).toEqual([alice.id]);
    expect((await listProgramMembers(b.providerId, { q: "alice" })).items.map((m) => m.id)).toEqual([otherAlice.id]);
    expect((await listProgramMembers(a.providerId, { q: "berg" })).items.map((m) => m.id)).toEqual([bruno.id]);
    const row = (await listProgramMembers(a.providerId, { q: "alice" })).items[0];
    expect((await listProgramMembers(a.providerId, { q: ` ${row?.email.slice(0, 10).toUpperCase()} ` })).items.map((m) => m.id)).toEqual([alice.id]);
    expect((await listProgramMembers(a.providerId, { q: alice.code.toLowerCase() })).items.map((m) => m.id)).toEqual([alice.id]);
    // Another provider's member code finds nothing here.
    expect((await listProgramMembers(a.providerId, { q: otherAlice.code })).total).toBe(0);
    expect(await listProgramMembers(a.providerId, { q: "nobody-like-this" })).toMatchObject({ items: [], total: 0, page: 1, pageCount: 1 });
  });

  it("paginates with a total count, newest first, clamping out-of-range pages", async () => {
    const p = await provider();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await member(p.programId, `Member ${i}`)).id);
    const pages = await Promise.all([1, 2, 3].map((page) => listProgramMembers(p.providerId, { page, limit: 2 })));
    expect(pages.map((x) => [x.total, x.pageCount, x.page, x.items.length])).toEqual([
      [5, 3, 1, 2],
      [5, 3, 2, 2],
      [5, 3, 3, 1],
    ]);
    expect(pages.flatMap((x) => x.items.map((m) => m.id))).toEqual([...ids].reverse());
    expect((await listProgramMembers(p.providerId, { page: 99, limit: 2 })).page).toBe(3);
    expect((await listProgramMembers(p.providerId, { page: -4, limit: 2 })).page).toBe(1);
    expect((await listProgramMembers(p.providerId, { page: Number.NaN, limit: 2 })).page).toBe(1);
    const oldest = await listProgramMembers(p.providerId, { order: "oldest", limit: 10 });
    expect(oldest.items.map((m) => m.id)).toEqual(ids);
  });

  it("finds nothing for an unknown provider", async () => {
    expect(await listProgramMembers(randomUUID())).toMatchObject({ items: [], total: 0 });
  });
});

describe("getProgramMember", () => {
  it("returns the member with balances, rewards and the merged ledger history, newest first", async () => {
    const detail = await getProgramMember(a.providerId, alice.id);
    expect(detail?.member).toMatchObject({ id: alice.id, name: "Alice Andersen", code: alice.code });
    expect(detail?.balance).toMatchObject({ available: 1000n, pending: 500n, held: 0n, lifetime: 1500n, currency: "EUR" });
    expect(detail?.rewards.map((r) => [r.status, r.amountMinor])).toEqual([
      ["PENDING", 500n],
      ["AVAILABLE", 1000n],
    ]);
    expect(detail?.history.lines.map((l) => [l.account, l.kind, l.amount, l.balanceAfter])).toEqual([
      ["PENDING", "EARN", 500n, 500n],
      ["AVAILABLE", "RELEASE", 1000n, 1000n],
      ["PENDING", "RELEASE", -1000n, 0n],
      ["PENDING", "EARN", 1000n, 1000n],
    ]);
    expect(detail?.history.nextCursor).toBeNull();
  });

  it("pages the history with a cursor without gaps or repeats", async () => {
    const all = (await getProgramMember(a.providerId, alice.id))?.history.lines.map((l) => l.entryId) ?? [];
    const seen: bigint[] = [];
    let cursor: bigint | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await getProgramMember(a.providerId, alice.id, { cursor, limit: 1 });
      seen.push(...(page?.history.lines.map((l) => l.entryId) ?? []));
      cursor = page?.history.nextCursor ?? null;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
  });

  it("is null for another provider's member, an unknown id or a malformed id", async () => {
    expect(await getProgramMember(a.providerId, otherAlice.id)).toBeNull();
    expect(await getProgramMember(b.providerId, alice.id)).toBeNull();
    expect(await getProgramMember(a.providerId, randomUUID())).toBeNull();
    expect(await getProgramMember(a.providerId, "not-a-uuid")).toBeNull();
    expect(await getProgramMember(a.providerId, "1' OR '1'='1")).toBeNull();
  });

  it("reads cursors from the URL strictly", () => {
    expect(parseHistoryCursor("42")).toBe(42n);
    expect(parseHistoryCursor("0")).toBeNull();
    expect(parseHistoryCursor("-3")).toBeNull();
    expect(parseHistoryCursor("1e3")).toBeNull();
    expect(parseHistoryCursor("99999999999999999999")).toBeNull();
    expect(parseHistoryCursor(undefined)).toBeNull();
  });
});

describe("members CSV", () => {
  const row = (over: Partial<MemberCsvRow> = {}): MemberCsvRow => ({
    name: "Maya Lind",
    email: "maya@example.test",
    code: "AB12CD34",
    joinedAt: new Date("2026-03-04T05:06:07.089Z"),
    program: { name: "Aurora", currency: "EUR" },
    available: 1234n,
    pending: 5n,
    lifetime: 100000n,
    ...over,
  });

  it("escapes quotes, commas and newlines", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("Lind, Maya")).toBe('"Lind, Maya"');
    expect(csvCell('Maya "the saver"')).toBe('"Maya ""the saver"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell("")).toBe("");
  });

  it("neutralises formula injection but keeps plain numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("=1,2")).toBe("\"'=1,2\"");
    expect(csvCell("-1.50")).toBe("-1.50");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes amounts as exact decimals with the currency and the joined date in ISO", () => {
    expect(memberCsvLine(row())).toBe("Maya Lind,maya@example.test,AB12CD34,Aurora,2026-03-04T05:06:07.089Z,EUR,12.34,0.05,1000.00\r\n");
    expect(memberCsvLine(row({ name: null, program: { name: "Points", currency: "PTS" }, available: 50n, pending: 0n, lifetime: 9007199254740993n }))).toBe(
      ",maya@example.test,AB12CD34,Points,2026-03-04T05:06:07.089Z,PTS,50,0,9007199254740993\r\n",
    );
    expect(memberCsvLine(row({ name: "=cmd|' /C calc'!A0" }))).toMatch(/^'=cmd\|' \/C calc'!A0,/);
  });

  it("streams a header and every page, skipping empty ones", async () => {
    async function* pages() {
      yield [row({ code: "ONE" })];
      yield [];
      yield [row({ code: "TWO" }), row({ code: "THREE" })];
    }
    const text = await new Response(exportMembersCsv(pages())).text();
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(MEMBERS_CSV_COLUMNS.join(","));
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["ONE", "TWO", "THREE", undefined]);
  });
});
