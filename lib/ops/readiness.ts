import "server-only";
import { runQuery, type Db } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { APPLIED_MIGRATIONS_SQL, pendingMigrations, releaseMigrations } from "@/lib/db/migration-status";

export type Readiness =
  | { ready: true; database: "ok"; pendingMigrations: [] }
  | { ready: false; database: "ok"; pendingMigrations: string[] }
  | { ready: false; database: "unreachable"; pendingMigrations: null };

/**
 * Whether this instance should get traffic: the database answers and holds every migration this release ships
 * (an instance of a new release waits, unready, until the release's migration step ran). The migration list
 * is read once: it is part of the release.
 */
const shipped = new Map<string, ReturnType<typeof releaseMigrations>>();
export async function readiness(db: Db, root = process.cwd()): Promise<Readiness> {
  if (!shipped.has(root)) shipped.set(root, releaseMigrations(root));
  let rows: { name: string; checksum: string; ok: boolean }[];
  try {
    rows = await runQuery(db, APPLIED_MIGRATIONS_SQL);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { ready: false, database: "unreachable", pendingMigrations: null };
    // No _prisma_migrations table yet: nothing is applied.
    if ((error as { code?: string }).code === "42P01") rows = [];
    else throw error;
  }
  const pending = pendingMigrations(shipped.get(root) ?? [], rows);
  return pending.length === 0 ? { ready: true, database: "ok", pendingMigrations: [] } : { ready: false, database: "ok", pendingMigrations: pending };
}
