import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { consumeRateLimit } from "./consume";

describe("consumeRateLimit", () => {
  it("allows `limit` hits in a window, then refuses with a retry delay", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(db, "t:a", { limit: 3, windowSeconds: 60 }));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts concurrent hits exactly (one atomic upsert)", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => consumeRateLimit(db, "t:b", { limit: 25, windowSeconds: 60 })));
    expect(results.filter((r) => r.ok)).toHaveLength(25);
  });

  it("starts a new window after the old one ends", async () => {
    await consumeRateLimit(db, "t:c", { limit: 1, windowSeconds: 1 });
    expect((await consumeRateLimit(db, "t:c", { limit: 1, windowSeconds: 1 })).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await consumeRateLimit(db, "t:c", { limit: 1, windowSeconds: 1 })).ok).toBe(true);
  });
});
