import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, type Db } from "@/lib/db/client";
import { balance, balancesOf, history, memberAccount, post, postBatchWith, providerAccount, reconcile, type PostInput } from "@/lib/ledger";
import { unitOfWork } from "@/lib/db/unit-of-work";

let client: Db;
beforeAll(() => {
  client = createDb(process.env.DATABASE_URL!, 4);
});
afterAll(async () => {
  await closeDb(client);
});

/** A reward-shaped posting: the provider's liability → the member's pending balance. */
const reward = (providerId: string, memberId: string, amount: bigint): PostInput => ({
  idempotencyKey: `shard-test:${randomUUID()}`,
  kind: "ADJUSTMENT",
  entries: [
    { account: providerAccount(providerId, "PROVIDER_LIABILITY", "EUR"), amount: -amount },
    { account: memberAccount(memberId, "MEMBER_PENDING", "EUR"), amount },
  ],
});

const shardOf = async (memberId: string) => Number((await client.$queryRawUnsafe<{ s: number }[]>(`SELECT ledger_shard('PROVIDER_LIABILITY', $1) AS s`, memberId))[0]!.s);

/** Two members whose postings land on different shards of one provider's liability. */
async function membersOnTwoShards(): Promise<[string, string]> {
  const first = randomUUID();
  for (;;) {
    const second = randomUUID();
    if ((await shardOf(second)) !== (await shardOf(first))) return [first, second];
  }
}

describe("no hot row per business: a provider's liability is spread over shards chosen by member", () => {
  it("postings for two members of one business lock different liability rows: the second never waits for the first", async () => {
    const providerId = randomUUID();
    const [a, b] = await membersOnTwoShards();
    // Create both shards first, so the test is about row locks, not account creation.
    await post(client, reward(providerId, a, 1n));
    await post(client, reward(providerId, b, 1n));

    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      // Member a's reward is posted and not committed: its shard's row stays locked.
      await blocker.query("BEGIN");
      const held = reward(providerId, a, 100n);
      await blocker.query(
        `SELECT * FROM ledger_post($1, 'ADJUSTMENT', NULL, NULL, '{}'::jsonb, 'x', NULL, NULL, ARRAY['PROVIDER','MEMBER'], ARRAY[$2, $3], ARRAY['PROVIDER_LIABILITY','MEMBER_PENDING'], ARRAY['EUR','EUR'], ARRAY[-100, 100]::bigint[])`,
        [held.idempotencyKey, providerId, a],
      );
      // Member b's reward must not wait on it (a lock wait would fail at once with lock_timeout).
      await expect(
        unitOfWork(client, async (sql) => {
          sql.write(`SET LOCAL lock_timeout = '50ms'`);
          return (await import("@/lib/ledger")).postWith(sql, reward(providerId, b, 100n));
        }),
      ).resolves.toMatchObject({ created: true });
      // The same member's next reward does wait: same shard.
      await expect(
        unitOfWork(client, async (sql) => {
          sql.write(`SET LOCAL lock_timeout = '50ms'`);
          return (await import("@/lib/ledger")).postWith(sql, reward(providerId, a, 100n));
        }),
      ).rejects.toThrow();
      await blocker.query("ROLLBACK");
    } finally {
      await blocker.end();
    }
  });

  it("the liability is the sum of its shards wherever it is read, and the ledger reconciles", async () => {
    const providerId = randomUUID();
    const members = Array.from({ length: 40 }, () => randomUUID());
    await Promise.all(members.map((m, i) => post(client, reward(providerId, m, BigInt(100 + i)))));
    // A batch (the release job's path) lands on the same shards.
    await unitOfWork(client, (sql) => postBatchWith(sql, members.slice(0, 10).map((m) => reward(providerId, m, 1n))));
    const expected = -(members.reduce((sum, _m, i) => sum + BigInt(100 + i), 0n) + 10n);
    const shards = await client.ledgerAccount.findMany({ where: { ownerType: "PROVIDER", ownerId: providerId, kind: "PROVIDER_LIABILITY" }, select: { shard: true } });
    expect(new Set(shards.map((s) => s.shard)).size).toBeGreaterThan(8);
    expect(shards.every((s) => s.shard >= 0 && s.shard < 16)).toBe(true);
    expect(await balance(client, providerAccount(providerId, "PROVIDER_LIABILITY", "EUR"))).toBe(expected);
    expect((await balancesOf(client, { ownerType: "PROVIDER", ownerId: providerId })).get("PROVIDER_LIABILITY:EUR")).toBe(expected);
    const page = await history(client, providerAccount(providerId, "PROVIDER_LIABILITY", "EUR"), { limit: 200 });
    expect(page.items).toHaveLength(50);
    expect((await reconcile(client)).ok).toBe(true);
  });

  it("accounts other than a provider's liability have one shard", async () => {
    const providerId = randomUUID();
    const memberId = randomUUID();
    await post(client, {
      idempotencyKey: `shard-test:${randomUUID()}`,
      kind: "ADJUSTMENT",
      entries: [
        { account: providerAccount(providerId, "PROVIDER_FEES_OWED", "EUR"), amount: -5n },
        { account: memberAccount(memberId, "MEMBER_AVAILABLE", "EUR"), amount: 5n },
      ],
    });
    const rows = await client.ledgerAccount.findMany({ where: { ownerId: { in: [providerId, memberId] } }, select: { shard: true } });
    expect(rows.map((r) => r.shard)).toEqual([0, 0]);
  });
});
