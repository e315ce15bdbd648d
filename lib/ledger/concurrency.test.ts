import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, type Db } from "@/lib/db/client";
import { LedgerError, balance, hold, memberAccount, post, providerAccount, reconcile, release, type AccountRef, type PostInput } from "@/lib/ledger";

/** Concurrency needs real parallel connections: a larger pool than the default client's. */
let pool: Db;

beforeAll(() => {
  pool = createDb(process.env.DATABASE_URL!, 20);
});

afterAll(async () => {
  await closeDb(pool);
});

function transfer(key: string, from: AccountRef, to: AccountRef, amount: bigint): PostInput {
  return {
    idempotencyKey: key,
    kind: "ADJUSTMENT",
    entries: [
      { account: from, amount: -amount },
      { account: to, amount },
    ],
  };
}

function member() {
  const memberId = randomUUID();
  const providerId = randomUUID();
  return {
    memberId,
    available: memberAccount(memberId, "MEMBER_AVAILABLE", "EUR"),
    held: memberAccount(memberId, "MEMBER_HELD", "EUR"),
    liability: providerAccount(providerId, "PROVIDER_LIABILITY", "EUR"),
  };
}

async function funded(amount: bigint) {
  const m = member();
  await post(pool, { ...transfer(`fund:${randomUUID()}`, m.liability, m.available, amount), kind: "EARN" });
  return m;
}

async function minBalanceAfter(account: AccountRef): Promise<bigint> {
  const rows = await pool.$queryRaw<{ min: bigint | null }[]>`
    SELECT min(e.balance_after)::bigint AS min FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
     WHERE a.owner_type = ${account.ownerType}::"LedgerOwnerType" AND a.owner_id = ${account.ownerId}
       AND a.kind = ${account.kind}::"LedgerAccountKind" AND a.currency = ${account.currency}::"Currency"`;
  return rows[0]?.min ?? 0n;
}

function tally(results: PromiseSettledResult<unknown>[]) {
  const reasons = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => (r.reason instanceof LedgerError ? r.reason.reason : String(r.reason)));
  return { ok: results.filter((r) => r.status === "fulfilled").length, reasons };
}

describe("racing debits", () => {
  it("200 concurrent posts of 1 against a balance of 100: exactly 100 succeed, never below zero", async () => {
    const m = await funded(100n);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => post(pool, transfer(`debit:${m.memberId}:${i}`, m.available, m.liability, 1n))));
    const { ok, reasons } = tally(results);
    expect(ok).toBe(100);
    expect(reasons).toEqual(Array.from({ length: 100 }, () => "INSUFFICIENT_FUNDS"));
    expect(await balance(pool, m.available)).toBe(0n);
    expect(await balance(pool, m.liability)).toBe(0n);
    expect(await minBalanceAfter(m.available)).toBe(0n);
    expect(await pool.ledgerTransaction.count({ where: { idempotencyKey: { startsWith: `debit:${m.memberId}:` } } })).toBe(100);
  });

  it("200 concurrent holds of 1 against a balance of 100: exactly 100 holds exist", async () => {
    const m = await funded(100n);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => hold(pool, { idempotencyKey: `hold:${m.memberId}:${i}`, memberId: m.memberId, currency: "EUR", amount: 1n })),
    );
    const { ok, reasons } = tally(results);
    expect(ok).toBe(100);
    expect(reasons).toEqual(Array.from({ length: 100 }, () => "INSUFFICIENT_FUNDS"));
    expect(await balance(pool, m.available)).toBe(0n);
    expect(await balance(pool, m.held)).toBe(100n);
    expect(await minBalanceAfter(m.available)).toBe(0n);
    expect(await pool.ledgerHold.count({ where: { memberId: m.memberId } })).toBe(100);

    // Releasing them all concurrently, with a retry of each, puts everything back exactly once.
    const holds = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    await Promise.all(holds.flatMap((h) => [0, 1].map(() => release(pool, { holdId: h.id, idempotencyKey: `release:${h.id}` }))));
    expect(await balance(pool, m.available)).toBe(100n);
    expect(await balance(pool, m.held)).toBe(0n);
  });
});

describe("racing retries", () => {
  it("1,000 concurrent retries of one idempotency key post exactly once, and everyone gets its id", async () => {
    const m = await funded(5000n);
    const input = transfer(`retry:${m.memberId}`, m.available, m.liability, 37n);
    const results = await Promise.all(Array.from({ length: 1000 }, () => post(pool, input)));
    const ids = new Set(results.map((r) => r.transactionId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await pool.ledgerTransaction.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
    expect(await pool.ledgerEntry.count({ where: { transactionId: results[0]!.transactionId } })).toBe(2);
    expect(await balance(pool, m.available)).toBe(5000n - 37n);
  });

  it("concurrent retries of one hold create one hold", async () => {
    const m = await funded(100n);
    const input = { idempotencyKey: `hold-retry:${m.memberId}`, memberId: m.memberId, currency: "EUR" as const, amount: 60n };
    const results = await Promise.all(Array.from({ length: 100 }, () => hold(pool, input)));
    expect(new Set(results.map((h) => h.id)).size).toBe(1);
    expect(await balance(pool, m.available)).toBe(40n);
    await release(pool, { holdId: results[0]!.id, idempotencyKey: `release:${results[0]!.id}` });
  });
});

describe("no deadlocks", () => {
  it("transfers in opposite directions between the same two accounts all complete", async () => {
    const a = await funded(10_000n);
    const b = await funded(10_000n);
    const n = 300;
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        i % 2 === 0 ? post(pool, transfer(`ab:${a.memberId}:${i}`, a.available, b.available, 3n)) : post(pool, transfer(`ba:${a.memberId}:${i}`, b.available, a.available, 3n)),
      ),
    );
    expect(tally(results)).toEqual({ ok: n, reasons: [] });
    expect(await balance(pool, a.available)).toBe(10_000n);
    expect(await balance(pool, b.available)).toBe(10_000n);
  });

  it("multi-account transactions listing the same accounts in every order all complete", async () => {
    const members = await Promise.all([funded(10_000n), funded(10_000n), funded(10_000n)]);
    const [x, y, z] = members.map((m) => m.available) as [AccountRef, AccountRef, AccountRef];
    const orders: [AccountRef, AccountRef, AccountRef][] = [
      [x, y, z],
      [x, z, y],
      [y, x, z],
      [y, z, x],
      [z, x, y],
      [z, y, x],
    ];
    const results = await Promise.allSettled(
      Array.from({ length: 240 }, (_, i) => {
        const [p, q, r] = orders[i % orders.length]!;
        return post(pool, {
          idempotencyKey: `tri:${members[0]!.memberId}:${i}`,
          kind: "ADJUSTMENT",
          entries: [
            { account: p, amount: -2n },
            { account: q, amount: 1n },
            { account: r, amount: 1n },
          ],
        });
      }),
    );
    expect(tally(results)).toEqual({ ok: 240, reasons: [] });
    const total = (await Promise.all([x, y, z].map((acc) => balance(pool, acc)))).reduce((s, v) => s + v, 0n);
    expect(total).toBe(30_000n);
  });

  it("first use of the same new accounts from opposite directions completes", async () => {
    // Each pair of accounts is brand new, so both transactions race to create both accounts; unless accounts are
    // created in one canonical order, about 2% of such pairs deadlock (40P01).
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, async () => {
        const a = providerAccount(randomUUID(), "PROVIDER_LIABILITY", "EUR");
        const b = providerAccount(randomUUID(), "PROVIDER_LIABILITY", "EUR");
        return Promise.all([post(pool, transfer(`new:${randomUUID()}`, a, b, 1n)), post(pool, transfer(`new:${randomUUID()}`, b, a, 1n))]);
      }),
    );
    const { reasons } = tally(results);
    expect(reasons).toEqual([]);
  });

  it("leaves a ledger that reconciles", async () => {
    expect(await reconcile(pool)).toMatchObject({ ok: true, discrepancies: [] });
  });
});
