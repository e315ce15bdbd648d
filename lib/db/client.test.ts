import { describe, expect, it } from "vitest";
import { db, inTransaction } from "./client";

describe("inTransaction", () => {
  it("opens a real transaction on the shared client: a failure rolls back what ran before it", async () => {
    const email = `tx-${Date.now()}@client.test`;
    await expect(
      inTransaction(db, async (tx) => {
        await tx.user.create({ data: { email, passwordHash: "x" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect("$transaction" in db).toBe(true);
  });
});
