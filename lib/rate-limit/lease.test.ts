import { describe, expect, it } from "vitest";
import { db, runQuery } from "@/lib/db/client";
import { consumeRateLimit } from "./consume";
import { createLeases, leaseBlock } from "./lease";

const count = async (key: string) => (await runQuery<{ count: number }>(db, `SELECT count FROM rate_limit_buckets WHERE key = $1`, [key]))[0]?.count ?? 0;

describe("leased rate limits", () => {
  it("claims limit ÷ 50 hits at a time (at least one)", () => {
    expect([1, 3, 99, 100, 1200, 100_000].map(leaseBlock)).toEqual([1, 1, 1, 2, 24, 2000]);
  });

  it("lets exactly `limit` hits through on one instance, however many arrive at once, with a statement per block", async () => {
    const leases = createLeases();
    const results = await Promise.all(Array.from({ length: 700 }, () => leases.consume(db, "lease:a", { limit: 500, windowSeconds: 60 })));
    expect(results.filter((r) => r.ok)).toHaveLength(500);
    const refused = results.find((r) => !r.ok)!;
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // 50 claims of 10 and the one that found the window used up, not 700 upserts.
    expect(await count("lease:a")).toBe(510);
  });

  it("never lets several instances together past the limit, and refuses at most (block − 1) hits early per other instance", async () => {
    const instances = [createLeases(), createLeases(), createLeases()];
    const limit = { limit: 1000, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 1500 }, (_, i) => instances[i % 3]!.consume(db, "lease:b", limit)));
    const ok = results.filter((r) => r.ok).length;
    expect(ok).toBeLessThanOrEqual(1000);
    expect(ok).toBeGreaterThanOrEqual(1000 - 2 * (leaseBlock(1000) - 1));
  });

  it("shares the count with consumeRateLimit: hits counted one by one leave fewer to claim", async () => {
    for (let i = 0; i < 98; i++) await consumeRateLimit(db, "lease:c", { limit: 100, windowSeconds: 60 });
    const leases = createLeases();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await leases.consume(db, "lease:c", { limit: 100, windowSeconds: 60 }));
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false]);
  });

  it("remembers a used-up window until it ends, then starts a new one", async () => {
    const leases = createLeases();
    const limit = { limit: 1, windowSeconds: 5 };
    expect((await leases.consume(db, "lease:d", limit)).ok).toBe(true);
    const refused = await leases.consume(db, "lease:d", limit);
    expect(refused.ok).toBe(false);
    const counted = await count("lease:d");
    expect((await leases.consume(db, "lease:d", limit)).ok).toBe(false);
    // The second refusal asked the database nothing.
    expect(await count("lease:d")).toBe(counted);
    // Past the window's end (as the refusal announced it), hits count again.
    await new Promise((r) => setTimeout(r, refused.retryAfterSeconds * 1000 + 100));
    expect((await leases.consume(db, "lease:d", limit)).ok).toBe(true);
  });
});
