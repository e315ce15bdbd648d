import type { TestProject } from "vitest/node";
import pg from "pg";
import { migrateDeploy } from "../scripts/db-lib";
import { assertLocalDatabase, databaseUrl, withDatabase } from "./support/databases";

declare module "vitest" {
  export interface ProvidedContext {
    testServerUrl: string;
    templateDatabase: string;
    runId: string;
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Once per `vitest` run: find the PostgreSQL server (TEST_DATABASE_URL, else the local server), migrate a
 * template database, and hand its name to every test file, which clones it. With no server, say so and let
 * every file use an embedded database.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  assertLocalDatabase(serverUrl);
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  project.provide("runId", runId);
  if (!(await answers(serverUrl))) {
    // PGlite holds a single database, so each test file starts its own in-memory one (tests/setup-db.ts).
    console.warn(`[tests] no PostgreSQL answers at ${serverUrl}; each test file uses its own embedded database (PGlite) instead`);
    project.provide("testServerUrl", "embedded");
    project.provide("templateDatabase", "");
    return;
  }
  const templateDatabase = `boomerang_t_${runId}_tpl`;
  await withDatabase(serverUrl, (c) => c.query(`CREATE DATABASE "${templateDatabase}"`));
  await migrateDeploy(databaseUrl(serverUrl, templateDatabase));

  project.provide("testServerUrl", serverUrl);
  project.provide("templateDatabase", templateDatabase);

  return async () => {
    await withDatabase(serverUrl, async (c) => {
      const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`boomerang_t_${runId}_%`]);
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
  };
}
