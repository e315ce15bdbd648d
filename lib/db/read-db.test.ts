import { afterEach, describe, expect, it } from "vitest";
import { listHistory } from "@/lib/members/list-history";
import { db, disconnectDb, readDb, runQuery } from "./client";

const appName = async (client: typeof db) => (await runQuery<{ name: string }>(client, `SELECT current_setting('application_name') AS name`))[0]!.name;
const withParam = (url: string, key: string, value: string) => {
  const u = new URL(url);
  u.searchParams.set(key, value);
  return u.toString();
};

afterEach(async () => {
  delete process.env.DATABASE_READ_URL;
  await disconnectDb();
});

describe("reads that may lag go to DATABASE_READ_URL when set, else to the primary", () => {
  it("without DATABASE_READ_URL, readDb is the primary", async () => {
    const email = `read-${Date.now()}@read.test`;
    await db.user.create({ data: { email, passwordHash: "x" } });
    expect(await readDb.user.count({ where: { email } })).toBe(1);
    expect(await appName(readDb)).toBe(await appName(db));
  });

  it("with DATABASE_READ_URL, readDb (Prisma and plain SQL) reads there while money reads stay on the primary", async () => {
    process.env.DATABASE_READ_URL = withParam(process.env.DATABASE_URL!, "application_name", "boomerang-replica");
    expect(await appName(readDb)).toBe("boomerang-replica");
    expect((await readDb.$queryRawUnsafe<{ name: string }[]>(`SELECT current_setting('application_name') AS name`))[0]!.name).toBe("boomerang-replica");
    expect(await appName(db)).not.toBe("boomerang-replica");
  });

  it("a member's history is read through it", async () => {
    const user = await db.user.create({ data: { email: `hist-${Date.now()}@read.test`, passwordHash: "x" } });
    await expect(listHistory(user.id)).resolves.toMatchObject({ lines: [] });
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = "/boomerang_no_such_replica";
    process.env.DATABASE_READ_URL = u.toString();
    await expect(listHistory(user.id)).rejects.toThrow();
  });
});
