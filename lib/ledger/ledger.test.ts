import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  LedgerError,
  balance,
  balancesOf,
  capture,
  externalAccount,
  history,
  hold,
  memberAccount,
  platformAccount,
  post,
  providerAccount,
  reconcile,
  release,
  reverse,
  type AccountRef,
  type LedgerErrorReason,
  type PostInput,
} from "@/lib/ledger";

const uid = () => randomUUID();

/** A member and a provider of their own, so that tests never share balances. */
function fixture(currency: "EUR" | "USD" = "EUR") {
  const memberId = uid();
  const providerId = uid();
  return {
    memberId,
    providerId,
    pending: memberAccount(memberId, "MEMBER_PENDING", currency),
    available: memberAccount(memberId, "MEMBER_AVAILABLE", currency),
    held: memberAccount(memberId, "MEMBER_HELD", currency),
    liability: providerAccount(providerId, "PROVIDER_LIABILITY", currency),
  };
}

/** Credits a member's available balance from their provider's liability. */
async function fund(f: ReturnType<typeof fixture>, amount: bigint) {
  return post(db, {
    idempotencyKey: `fund:${uid()}`,
    kind: "EARN",
    entries: [
      { account: f.liability, amount: -amount },
      { account: f.available, amount },
    ],
  });
}

function transfer(key: string, from: AccountRef, to: AccountRef, amount: bigint, extra: Partial<PostInput> = {}): PostInput {
  return {
    idempotencyKey: key,
    kind: "ADJUSTMENT",
    ...extra,
    entries: [
      { account: from, amount: -amount },
      { account: to, amount },
    ],
  };
}

/** Resolves to the LedgerError's reason, or fails the test if the promise does not reject with one. */
async function reasonOf(promise: Promise<unknown>): Promise<LedgerErrorReason> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LedgerError) return error.reason;
    throw error;
  }
  throw new Error("expected a LedgerError, but the operation succeeded");
}

async function balances(...accounts: AccountRef[]): Promise<bigint[]> {
  return Promise.all(accounts.map((a) => balance(db, a)));
}

describe("post and balance", () => {
  it("moves money between accounts, creating them on first use", async () => {
    const f = fixture();
    expect(await balance(db, f.available)).toBe(0n);
    const posted = await post(db, transfer(`t:${uid()}`, f.liability, f.pending, 1234n, { kind: "EARN" }));
    expect(posted.created).toBe(true);
    expect(typeof posted.transactionId).toBe("bigint");
    expect(await balances(f.liability, f.pending, f.available)).toEqual([-1234n, 1234n, 0n]);

    const row = await db.ledgerTransaction.findUniqueOrThrow({ where: { id: posted.transactionId }, include: { entries: true } });
    expect(row.kind).toBe("EARN");
    expect(row.entries.map((e) => e.amount).sort()).toEqual([-1234n, 1234n]);
    expect(row.entries.reduce((s, e) => s + e.amount, 0n)).toBe(0n);
  });

  it("posts more than two entries and several currencies, each balanced", async () => {
    const f = fixture();
    const usd = fixture("USD");
    const fees = platformAccount("PLATFORM_FEES", "EUR");
    const feesBefore = await balance(db, fees);
    await post(db, {
      idempotencyKey: `multi:${uid()}`,
      kind: "EARN",
      entries: [
        { account: f.liability, amount: -100n },
        { account: f.pending, amount: 90n },
        { account: fees, amount: 10n },
        { account: usd.liability, amount: -7n },
        { account: usd.pending, amount: 7n },
      ],
    });
    expect(await balances(f.liability, f.pending, usd.liability, usd.pending)).toEqual([-100n, 90n, -7n, 7n]);
    expect((await balance(db, fees)) - feesBefore).toBe(10n);
  });

  it("balancesOf lists every account of an owner", async () => {
    const f = fixture();
    await fund(f, 500n);
    const h = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 200n });
    const all = await balancesOf(db, { ownerType: "MEMBER", ownerId: f.memberId });
    expect(Object.fromEntries(all)).toEqual({ "MEMBER_AVAILABLE:EUR": 300n, "MEMBER_HELD:EUR": 200n });
    await release(db, { holdId: h.id, idempotencyKey: `r:${uid()}` });
  });
});

describe("history", () => {
  it("pages newest first with a cursor, with the balance after each entry", async () => {
    const f = fixture();
    const amounts = [100n, 250n, -30n, 75n, -45n, 5n, 60n];
    const ids: bigint[] = [];
    for (const [i, amount] of amounts.entries()) {
      const p = await post(db, {
        idempotencyKey: `hist:${f.memberId}:${i}`,
        kind: amount > 0n ? "EARN" : "ADJUSTMENT",
        reference: { type: "purchase", id: `p${i}` },
        metadata: { n: i },
        entries: [
          { account: f.liability, amount: -amount },
          { account: f.available, amount },
        ],
      });
      ids.push(p.transactionId);
    }

    const pages: Awaited<ReturnType<typeof history>>[] = [];
    let cursor: bigint | null = null;
    do {
      const page = await history(db, f.available, { cursor, limit: 3 });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);

    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const items = pages.flatMap((p) => p.items);
    // Newest first: the transactions in reverse order of posting, entry ids strictly decreasing.
    expect(items.map((i) => i.transactionId)).toEqual([...ids].reverse());
    expect(items.map((i) => i.amount)).toEqual([...amounts].reverse());
    for (let i = 1; i < items.length; i++) expect(items[i]!.entryId < items[i - 1]!.entryId).toBe(true);
    // balanceAfter is the running sum in posting order.
    let running = 0n;
    const expectedAfter = amounts.map((a) => (running += a));
    expect(items.map((i) => i.balanceAfter)).toEqual(expectedAfter.reverse());
    expect(items[0]!.balanceAfter).toBe(await balance(db, f.available));
    expect(items.at(-1)).toMatchObject({ kind: "EARN", currency: "EUR", reference: { type: "purchase", id: "p0" }, metadata: { n: 0 } });
  });

  it("is empty for an account that was never posted to, and clamps the page size", async () => {
    const f = fixture();
    expect(await history(db, f.available)).toEqual({ items: [], nextCursor: null });
    await fund(f, 1n);
    await fund(f, 2n);
    const page = await history(db, f.available, { limit: 0 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const rest = await history(db, f.available, { cursor: page.nextCursor, limit: 1000 });
    expect(rest.items.map((i) => i.amount)).toEqual([1n]);
    expect(rest.nextCursor).toBeNull();
  });
});

describe("idempotency", () => {
  it("answers a retry with the same key and content with the original transaction", async () => {
    const f = fixture();
    const input = transfer(`idem:${uid()}`, f.liability, f.pending, 300n, { kind: "EARN", reference: { type: "reward", id: "r1" } });
    const first = await post(db, input);
    const again = await post(db, input);
    // Entry order and metadata do not make a post different.
    const reordered = await post(db, { ...input, metadata: { note: "retry" }, entries: [...input.entries].reverse() });
    expect(first.created).toBe(true);
    expect(again).toEqual({ transactionId: first.transactionId, created: false });
    expect(reordered).toEqual({ transactionId: first.transactionId, created: false });
    expect(await balances(f.liability, f.pending)).toEqual([-300n, 300n]);
    expect(await db.ledgerTransaction.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it("refuses the same key with different content", async () => {
    const f = fixture();
    const input = transfer(`idem:${uid()}`, f.liability, f.pending, 300n, { kind: "EARN", reference: { type: "reward", id: "r1" } });
    await post(db, input);
    const other = fixture();
    const variants: PostInput[] = [
      transfer(input.idempotencyKey, f.liability, f.pending, 301n, { kind: "EARN", reference: { type: "reward", id: "r1" } }),
      transfer(input.idempotencyKey, f.liability, f.pending, 300n, { kind: "RELEASE", reference: { type: "reward", id: "r1" } }),
      transfer(input.idempotencyKey, f.liability, f.pending, 300n, { kind: "EARN", reference: { type: "reward", id: "r2" } }),
      transfer(input.idempotencyKey, f.liability, f.pending, 300n, { kind: "EARN" }),
      transfer(input.idempotencyKey, other.liability, other.pending, 300n, { kind: "EARN", reference: { type: "reward", id: "r1" } }),
    ];
    for (const variant of variants) expect(await reasonOf(post(db, variant))).toBe("IDEMPOTENCY_CONFLICT");
    expect(await balances(f.liability, f.pending, other.liability, other.pending)).toEqual([-300n, 300n, 0n, 0n]);
  });
});

describe("validation", () => {
  it("refuses malformed transactions before writing anything", async () => {
    const f = fixture();
    const before = await db.ledgerTransaction.count();
    const cases: [PostInput, LedgerErrorReason][] = [
      [{ idempotencyKey: `v:${uid()}`, kind: "ADJUSTMENT", entries: [{ account: f.liability, amount: -5n }, { account: f.pending, amount: 4n }] }, "UNBALANCED"],
      [{ idempotencyKey: `v:${uid()}`, kind: "ADJUSTMENT", entries: [{ account: f.pending, amount: 5n }] }, "INVALID"],
      [{ idempotencyKey: `v:${uid()}`, kind: "ADJUSTMENT", entries: [] }, "INVALID"],
      [{ idempotencyKey: `v:${uid()}`, kind: "ADJUSTMENT", entries: [{ account: f.liability, amount: 0n }, { account: f.pending, amount: 0n }] }, "INVALID"],
      [
        {
          idempotencyKey: `v:${uid()}`,
          kind: "ADJUSTMENT",
          entries: [
            { account: f.liability, amount: -5n },
            { account: f.pending, amount: 2n },
            { account: { ...f.pending }, amount: 3n },
          ],
        },
        "INVALID",
      ],
      // Balanced in total but not per currency: 5 EUR out, 5 USD in.
      [{ idempotencyKey: `v:${uid()}`, kind: "ADJUSTMENT", entries: [{ account: f.liability, amount: -5n }, { account: fixture("USD").pending, amount: 5n }] }, "UNBALANCED"],
      [{ idempotencyKey: "", kind: "ADJUSTMENT", entries: [{ account: f.liability, amount: -5n }, { account: f.pending, amount: 5n }] }, "INVALID"],
      [{ idempotencyKey: "k".repeat(201), kind: "ADJUSTMENT", entries: [{ account: f.liability, amount: -5n }, { account: f.pending, amount: 5n }] }, "INVALID"],
      [{ idempotencyKey: `v:${uid()}`, kind: "ADJUSTMENT", entries: [{ account: f.liability, amount: -(2n ** 63n) }, { account: f.pending, amount: 2n ** 63n }] }, "INVALID"],
    ];
    for (const [input, reason] of cases) expect(await reasonOf(post(db, input)), JSON.stringify(input, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))).toBe(reason);
    expect(await db.ledgerTransaction.count()).toBe(before);
    expect(await balances(f.liability, f.pending)).toEqual([0n, 0n]);
  });

  it("refuses a capture into an account of another currency (CURRENCY_MISMATCH)", async () => {
    const f = fixture();
    await fund(f, 100n);
    const h = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 60n });
    expect(await reasonOf(capture(db, { holdId: h.id, idempotencyKey: `c:${uid()}`, to: providerAccount(f.providerId, "PROVIDER_LIABILITY", "USD") }))).toBe(
      "CURRENCY_MISMATCH",
    );
    expect(await balances(f.available, f.held)).toEqual([40n, 60n]);
    await release(db, { holdId: h.id, idempotencyKey: `r:${uid()}` });
  });
});

describe("insufficient funds", () => {
  it("refuses to take a member account below zero and changes nothing", async () => {
    const f = fixture();
    await fund(f, 100n);
    const key = `spend:${uid()}`;
    expect(await reasonOf(post(db, transfer(key, f.available, f.liability, 101n)))).toBe("INSUFFICIENT_FUNDS");
    expect(await balances(f.available, f.liability)).toEqual([100n, -100n]);
    expect(await db.ledgerTransaction.findUnique({ where: { idempotencyKey: key } })).toBeNull();
    // Every non-negative kind is protected, not just MEMBER_AVAILABLE.
    expect(await reasonOf(post(db, transfer(`spend:${uid()}`, f.pending, f.available, 1n)))).toBe("INSUFFICIENT_FUNDS");
    expect(await reasonOf(post(db, transfer(`spend:${uid()}`, platformAccount("PAYOUTS_CLEARING", "GBP"), providerAccount(f.providerId, "PROVIDER_LIABILITY", "GBP"), 1n)))).toBe(
      "INSUFFICIENT_FUNDS",
    );
    // The refused key was not consumed; exactly the whole balance may go.
    expect((await post(db, transfer(key, f.available, f.liability, 100n))).created).toBe(true);
    expect(await balances(f.available, f.liability)).toEqual([0n, 0n]);
  });
});

describe("reverse", () => {
  it("posts the exact opposite once; a retry with the same key returns it; another key is refused", async () => {
    const f = fixture();
    const original = await post(db, {
      idempotencyKey: `earn:${uid()}`,
      kind: "EARN",
      reference: { type: "reward", id: "rw-1" },
      entries: [
        { account: f.liability, amount: -500n },
        { account: f.pending, amount: 450n },
        { account: platformAccount("PLATFORM_FEES", "EUR"), amount: 50n },
      ],
    });
    const feesBefore = await balance(db, platformAccount("PLATFORM_FEES", "EUR"));
    const reversal = await reverse(db, original.transactionId, "order refunded");
    expect(reversal.created).toBe(true);

    const load = (id: bigint) =>
      db.ledgerTransaction.findUniqueOrThrow({ where: { id }, include: { entries: { select: { accountId: true, amount: true, currency: true } } } });
    const [o, r] = await Promise.all([load(original.transactionId), load(reversal.transactionId)]);
    expect(r).toMatchObject({ kind: "REVERSE", reversesId: original.transactionId, referenceType: "reward", referenceId: "rw-1" });
    expect(r.metadata).toMatchObject({ reason: "order refunded", reverses: original.transactionId.toString() });
    const byAccount = (rows: typeof o.entries) => [...rows].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
    expect(byAccount(r.entries)).toEqual(byAccount(o.entries).map((e) => ({ ...e, amount: -e.amount })));
    expect(await balances(f.liability, f.pending)).toEqual([0n, 0n]);
    expect((await balance(db, platformAccount("PLATFORM_FEES", "EUR"))) - feesBefore).toBe(-50n);

    expect(await reverse(db, original.transactionId, "again")).toEqual({ transactionId: reversal.transactionId, created: false });
    expect(await reasonOf(reverse(db, original.transactionId, "twice", { idempotencyKey: `other:${uid()}` }))).toBe("ALREADY_REVERSED");
    expect(await balances(f.liability, f.pending)).toEqual([0n, 0n]);
  });

  it("retries a reversal posted with an explicit key, and refuses what is gone or unknown", async () => {
    const f = fixture();
    const earned = await fund(f, 80n);
    const key = `refund:${uid()}`;
    await post(db, transfer(`spend:${uid()}`, f.available, f.liability, 30n));
    // The member spent part of it: reversing the whole earn would take them below zero.
    expect(await reasonOf(reverse(db, earned.transactionId, "refund", { idempotencyKey: key }))).toBe("INSUFFICIENT_FUNDS");
    expect(await balance(db, f.available)).toBe(50n);
    await fund(f, 30n);
    const first = await reverse(db, earned.transactionId, "refund", { idempotencyKey: key });
    expect(await reverse(db, earned.transactionId, "refund", { idempotencyKey: key })).toEqual({ transactionId: first.transactionId, created: false });
    expect(await balance(db, f.available)).toBe(0n);
    expect(await reasonOf(reverse(db, 987_654_321n, "nothing"))).toBe("NOT_FOUND");
  });
});

describe("holds", () => {
  const clearing = platformAccount("PAYOUTS_CLEARING", "EUR");

  it("hold then capture in full", async () => {
    const f = fixture();
    await fund(f, 1000n);
    const clearingBefore = await balance(db, clearing);
    const h = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 300n, reference: { type: "withdrawal", id: "w1" } });
    expect(h).toMatchObject({ memberId: f.memberId, currency: "EUR", amount: 300n, captured: 0n, released: 0n, status: "OPEN" });
    expect(await balances(f.available, f.held)).toEqual([700n, 300n]);

    const captureKey = `c:${uid()}`;
    const captured = await capture(db, { holdId: h.id, idempotencyKey: captureKey, to: clearing, kind: "WITHDRAW" });
    expect(captured).toMatchObject({ id: h.id, captured: 300n, released: 0n, status: "CAPTURED" });
    expect(await balances(f.available, f.held)).toEqual([700n, 0n]);
    expect((await balance(db, clearing)) - clearingBefore).toBe(300n);
    const tx = await db.ledgerTransaction.findUniqueOrThrow({ where: { idempotencyKey: captureKey } });
    expect(tx).toMatchObject({ kind: "WITHDRAW", referenceType: "hold", referenceId: h.id.toString() });

    // A retry of the capture is a no-op; so is a retry of the hold.
    expect(await capture(db, { holdId: h.id, idempotencyKey: captureKey, to: clearing, kind: "WITHDRAW" })).toMatchObject({ status: "CAPTURED", captured: 300n });
    expect((await hold(db, { idempotencyKey: (await db.ledgerHold.findUniqueOrThrow({ where: { id: h.id } })).idempotencyKey, memberId: f.memberId, currency: "EUR", amount: 300n, reference: { type: "withdrawal", id: "w1" } })).id).toBe(h.id);
    expect(await balances(f.available, f.held)).toEqual([700n, 0n]);
    expect((await balance(db, clearing)) - clearingBefore).toBe(300n);
  });

  it("a partial capture returns the rest to available", async () => {
    const f = fixture();
    await fund(f, 1000n);
    const h = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 400n });
    const done = await capture(db, { holdId: h.id, idempotencyKey: `c:${uid()}`, to: f.liability, amount: 150n });
    expect(done).toMatchObject({ captured: 150n, released: 250n, status: "CAPTURED" });
    expect(await balances(f.available, f.held, f.liability)).toEqual([850n, 0n, -850n]);
  });

  it("refuses captures outside 1..open", async () => {
    const f = fixture();
    await fund(f, 100n);
    const h = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 40n });
    expect(await reasonOf(capture(db, { holdId: h.id, idempotencyKey: `c:${uid()}`, to: f.liability, amount: 41n }))).toBe("INVALID");
    expect(await reasonOf(capture(db, { holdId: h.id, idempotencyKey: `c:${uid()}`, to: f.liability, amount: 0n }))).toBe("INVALID");
    expect(await reasonOf(capture(db, { holdId: 987_654_321n, idempotencyKey: `c:${uid()}`, to: f.liability }))).toBe("NOT_FOUND");
    expect(await reasonOf(hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 0n }))).toBe("INVALID");
    expect(await balances(f.available, f.held)).toEqual([60n, 40n]);
    await release(db, { holdId: h.id, idempotencyKey: `r:${uid()}` });
  });

  it("release returns everything; capture or release after that is refused", async () => {
    const f = fixture();
    await fund(f, 500n);
    const h = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 200n });
    const releaseKey = `r:${uid()}`;
    expect(await release(db, { holdId: h.id, idempotencyKey: releaseKey })).toMatchObject({ released: 200n, captured: 0n, status: "RELEASED" });
    expect(await balances(f.available, f.held)).toEqual([500n, 0n]);
    expect(await release(db, { holdId: h.id, idempotencyKey: releaseKey })).toMatchObject({ status: "RELEASED" });
    expect(await reasonOf(capture(db, { holdId: h.id, idempotencyKey: `c:${uid()}`, to: f.liability }))).toBe("INVALID");
    expect(await reasonOf(release(db, { holdId: h.id, idempotencyKey: `r:${uid()}` }))).toBe("INVALID");
    expect(await balances(f.available, f.held, f.liability)).toEqual([500n, 0n, -500n]);
  });

  it("refuses a hold larger than the available balance, creating nothing", async () => {
    const f = fixture();
    await fund(f, 100n);
    const key = `h:${uid()}`;
    expect(await reasonOf(hold(db, { idempotencyKey: key, memberId: f.memberId, currency: "EUR", amount: 101n }))).toBe("INSUFFICIENT_FUNDS");
    expect(await db.ledgerHold.findUnique({ where: { idempotencyKey: key } })).toBeNull();
    expect(await db.ledgerTransaction.findUnique({ where: { idempotencyKey: key } })).toBeNull();
    expect(await balances(f.available, f.held)).toEqual([100n, 0n]);
    // Two holds may together take exactly everything.
    const a = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 60n });
    const b = await hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 40n });
    expect(await reasonOf(hold(db, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 1n }))).toBe("INSUFFICIENT_FUNDS");
    expect(await balances(f.available, f.held)).toEqual([0n, 100n]);
    await capture(db, { holdId: a.id, idempotencyKey: `c:${uid()}`, to: f.liability });
    await release(db, { holdId: b.id, idempotencyKey: `r:${uid()}` });
    expect(await balances(f.available, f.held)).toEqual([40n, 0n]);
  });
});

describe("posting inside the caller's transaction", () => {
  it("commits with the caller's rows, or not at all", async () => {
    const f = fixture();
    const email = `ledger-${uid()}@example.test`;
    const key = `biz:${uid()}`;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: { email, passwordHash: "not-a-real-hash" } });
        const posted = await post(tx, transfer(key, f.liability, f.pending, 700n, { kind: "EARN" }));
        expect(posted.created).toBe(true);
        // Inside, the posting is visible …
        expect(await balance(tx, f.pending)).toBe(700n);
        throw new Error("the business operation fails after posting");
      }),
    ).rejects.toThrow("the business operation fails after posting");
    // … outside, after the rollback, neither the business row nor the posting exists.
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect(await db.ledgerTransaction.findUnique({ where: { idempotencyKey: key } })).toBeNull();
    expect(await balances(f.liability, f.pending)).toEqual([0n, 0n]);

    const posted = await db.$transaction(async (tx) => {
      await tx.user.create({ data: { email, passwordHash: "not-a-real-hash" } });
      return post(tx, transfer(key, f.liability, f.pending, 700n, { kind: "EARN" }));
    });
    expect(posted.created).toBe(true);
    expect(await db.user.findUnique({ where: { email } })).not.toBeNull();
    expect(await balances(f.liability, f.pending)).toEqual([-700n, 700n]);
  });

  it("a refused posting aborts the caller's transaction", async () => {
    const f = fixture();
    const email = `ledger-${uid()}@example.test`;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: { email, passwordHash: "not-a-real-hash" } });
        await post(tx, transfer(`biz:${uid()}`, f.available, f.liability, 1n));
      }),
    ).rejects.toMatchObject({ reason: "INSUFFICIENT_FUNDS" });
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });

  it("holds and captures join the caller's transaction too", async () => {
    const f = fixture();
    await fund(f, 100n);
    await expect(
      db.$transaction(async (tx) => {
        const h = await hold(tx, { idempotencyKey: `h:${uid()}`, memberId: f.memberId, currency: "EUR", amount: 70n });
        await capture(tx, { holdId: h.id, idempotencyKey: `c:${uid()}`, to: f.liability, amount: 20n });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await balances(f.available, f.held, f.liability)).toEqual([100n, 0n, -100n]);
    expect(await db.ledgerHold.count({ where: { memberId: f.memberId } })).toBe(0);
  });
});

describe("effectiveAt", () => {
  it("stores when the event happened, separately from when it was posted", async () => {
    const f = fixture();
    const effectiveAt = new Date("2024-01-02T03:04:05.678Z");
    const back = await post(db, transfer(`eff:${uid()}`, f.liability, f.pending, 10n, { kind: "EARN", effectiveAt }));
    const now = await post(db, transfer(`eff:${uid()}`, f.liability, f.pending, 20n, { kind: "EARN" }));
    const [b, n] = await Promise.all([
      db.ledgerTransaction.findUniqueOrThrow({ where: { id: back.transactionId } }),
      db.ledgerTransaction.findUniqueOrThrow({ where: { id: now.transactionId } }),
    ]);
    expect(b.effectiveAt.toISOString()).toBe(effectiveAt.toISOString());
    expect(Math.abs(b.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(n.effectiveAt.getTime() - n.createdAt.getTime())).toBeLessThan(1000);
    const { items } = await history(db, f.pending);
    expect(items.map((i) => i.effectiveAt.toISOString())).toEqual([n.effectiveAt.toISOString(), effectiveAt.toISOString()]);
  });
});

describe("an external account", () => {
  it("funds members and the whole ledger reconciles", async () => {
    const f = fixture();
    const bank = externalAccount(`bank-${uid()}`, "EUR");
    await post(db, transfer(`ext:${uid()}`, bank, f.available, 999n, { kind: "FUND" }));
    expect(await balances(bank, f.available)).toEqual([-999n, 999n]);
    const result = await reconcile(db);
    expect(result).toMatchObject({ ok: true, discrepancies: [] });
    expect(result.transactions).toBeGreaterThan(0);
  });
});
