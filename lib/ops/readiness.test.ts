import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, createDb, db } from "@/lib/db/client";
import { readiness } from "./readiness";

const roots: string[] = [];
/** A copy of this release's prisma/migrations, changed by `change`. */
function release(change: (migrations: string) => void): string {
  const root = mkdtempSync(path.join(tmpdir(), "boomerang-release-"));
  roots.push(root);
  cpSync(path.join(process.cwd(), "prisma", "migrations"), path.join(root, "prisma", "migrations"), { recursive: true });
  change(path.join(root, "prisma", "migrations"));
  return root;
}
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe("readiness: an instance gets traffic only with the database up and the release's migrations applied", () => {
  it("is ready on a migrated database", async () => {
    expect(await readiness(db)).toEqual({ ready: true, database: "ok", pendingMigrations: [] });
  });

  it("is not ready while a migration of the release is pending, and names it", async () => {
    const root = release((dir) => {
      mkdirSync(path.join(dir, "20991231000000_next_release"));
      writeFileSync(path.join(dir, "20991231000000_next_release", "migration.sql"), "SELECT 1;");
    });
    expect(await readiness(db, root)).toEqual({ ready: false, database: "ok", pendingMigrations: ["20991231000000_next_release"] });
  });

  it("is not ready when an applied migration's content differs from the release's", async () => {
    const root = release((dir) => writeFileSync(path.join(dir, "20261122192315_init", "migration.sql"), "-- edited after it was applied\n"));
    expect((await readiness(db, root)).pendingMigrations).toEqual(["20261122192315_init"]);
  });

  it("says the database is unreachable instead of failing", async () => {
    const nowhere = createDb("postgresql://postgres@127.0.0.1:1/none", 1);
    try {
      expect(await readiness(nowhere)).toEqual({ ready: false, database: "unreachable", pendingMigrations: null });
    } finally {
      await closeDb(nowhere);
    }
  });
});
