import pg from "pg";
import { startEmbeddedServer } from "@/dev/embedded-db";

/**
 * A fresh database for a test harness run (e2e server, cluster check) on the local PostgreSQL server at
 * TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), named `<prefix><base36 time>`,
 * or the embedded one when none answers. Leftovers of runs killed before their cleanup (nobody connected,
 * over two hours old, read from the name) are dropped on the way.
 */
export async function freshDatabase(prefix: string, log: (m: string) => void): Promise<{ url: string; embedded: boolean; cleanup(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    log(`no PostgreSQL at ${server}; using an in-memory embedded database`);
    const embedded = await startEmbeddedServer({});
    return { url: embedded.url, embedded: true, cleanup: embedded.stop };
  }
  const stale = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database d WHERE datname LIKE $1 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    [`${prefix}%`],
  );
  const createdAt = (datname: string) => parseInt(datname.slice(prefix.length), 36);
  for (const { datname } of stale.rows) {
    if (!(Date.now() - createdAt(datname) > 2 * 60 * 60 * 1000)) continue;
    await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    async cleanup() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
