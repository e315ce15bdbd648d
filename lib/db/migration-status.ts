import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/** A migration of the release: its folder name under prisma/migrations and the checksum Prisma records. */
export type LocalMigration = { name: string; checksum: string };

/** The migrations this release ships (prisma/migrations under `root`); null when the folder is not there. */
export function releaseMigrations(root: string): LocalMigration[] | null {
  const dir = path.join(/* turbopackIgnore: true */ root, "prisma", "migrations");
  if (!existsSync(dir)) return null;
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => ({ name: entry.name, checksum: createHash("sha256").update(readFileSync(path.join(dir, entry.name, "migration.sql"))).digest("hex") }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const APPLIED_MIGRATIONS_SQL = `SELECT migration_name AS name, checksum, (finished_at IS NOT NULL AND rolled_back_at IS NULL) AS ok FROM _prisma_migrations`;

/**
 * The release's migrations the database has not applied as shipped (missing, failed, or applied with other
 * content), given the rows of APPLIED_MIGRATIONS_SQL.
 */
export function pendingMigrations(local: LocalMigration[], rows: { name: string; checksum: string; ok: boolean }[]): string[] {
  const applied = new Map(rows.filter((row) => row.ok).map((row) => [row.name, row.checksum]));
  const failed = rows.filter((row) => !row.ok && !applied.has(row.name)).map((row) => row.name);
  return [...new Set([...failed, ...local.filter((m) => applied.get(m.name) !== m.checksum).map((m) => m.name)])];
}
