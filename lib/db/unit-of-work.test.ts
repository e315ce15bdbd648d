import { describe, expect, it } from "vitest";
import { db, inTransaction, runQuery } from "./client";
import { afterCommit, unitOfOneStatement, unitOfWork } from "./unit-of-work";

const email = (label: string) => `uow-${label}-${Date.now()}-${Math.random().toString(36).slice(2)}@unit.test`;
const users = (address: string) => db.user.count({ where: { email: address } });
const insertUser = `INSERT INTO users (id, email, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'x', now()) RETURNING email`;

describe("afterCommit: a unit ends without waiting for its last answers", () => {
  it("commits the statements, then builds the answer from their rows", async () => {
    const address = email("ok");
    const answer = await unitOfWork(db, async (sql) => {
      const inserted = sql.query<{ email: string }>(insertUser, [address]);
      return afterCommit([inserted], async () => `made ${(await inserted)[0]!.email}`);
    });
    expect(answer).toBe(`made ${address}`);
    expect(await users(address)).toBe(1);
  });

  it("a failing last statement rolls the whole unit back and is the unit's error; the answer is never built", async () => {
    const address = email("fail");
    let built = false;
    await expect(
      unitOfWork(db, async (sql) => {
        sql.write(insertUser, [address]);
        const failing = sql.query(`SELECT 1 / 0`);
        return afterCommit([failing], () => {
          built = true;
          return "never";
        });
      }),
    ).rejects.toThrow(/division by zero/);
    expect(built).toBe(false);
    expect(await users(address)).toBe(0);
  });

  it("works the same inside a caller's transaction, which keeps the say over committing", async () => {
    const address = email("tx");
    await expect(
      inTransaction(db, async (tx) => {
        const answer = await unitOfWork(tx, async (sql) => {
          const inserted = sql.query<{ email: string }>(insertUser, [address]);
          return afterCommit([inserted], async () => (await inserted)[0]!.email);
        });
        expect(answer).toBe(address);
        expect((await runQuery<{ n: number }>(tx, `SELECT count(*)::int AS n FROM users WHERE email = $1`, [address]))[0]!.n).toBe(1);
        throw new Error("caller rolls back");
      }),
    ).rejects.toThrow("caller rolls back");
    expect(await users(address)).toBe(0);
  });
});

describe("unitOfOneStatement: a unit that is one statement", () => {
  it("runs the statement alone on the pool, with no BEGIN before it (so even VACUUM, refused in a transaction block, runs)", async () => {
    await expect(unitOfWork(db, (sql) => sql.query(`VACUUM users`))).rejects.toThrow(/transaction block/);
    await expect(unitOfOneStatement(db, (sql) => sql.query(`VACUUM users`))).resolves.toEqual([]);
  });

  it("refuses a second statement, so a unit of several statements cannot lose its atomicity", async () => {
    const address = email("lone-two");
    await expect(
      unitOfOneStatement(db, async (sql) => {
        await sql.query(insertUser, [address]);
        return sql.query(insertUser, [email("lone-three")]);
      }),
    ).rejects.toThrow(/a second statement/);
  });

  it("a failing statement is the unit's error and changes nothing", async () => {
    await expect(unitOfOneStatement(db, (sql) => sql.query(`INSERT INTO users (id, email, password_hash, updated_at) SELECT gen_random_uuid(), $1, 'x', now() FROM generate_series(1, 2)`, ["dup@unit.test"]))).rejects.toThrow(/unique|duplicate/i);
    expect(await users("dup@unit.test")).toBe(0);
  });

  it("joins a caller's transaction like any unit", async () => {
    const address = email("lone-tx");
    await expect(
      inTransaction(db, async (tx) => {
        await unitOfOneStatement(tx, (sql) => sql.query(insertUser, [address]));
        expect((await runQuery<{ n: number }>(tx, `SELECT count(*)::int AS n FROM users WHERE email = $1`, [address]))[0]!.n).toBe(1);
        throw new Error("caller rolls back");
      }),
    ).rejects.toThrow("caller rolls back");
    expect(await users(address)).toBe(0);
  });
});
