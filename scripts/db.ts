import path from "node:path";
import { resolveDatabase } from "../dev/embedded-db";
import { projectRoot, runPrisma } from "./db-lib";

/**
 * Database workflow, offline: `npm run db:<command>` (= `tsx scripts/db.ts <command>`).
 *
 *   new <name>   create prisma/migrations/<timestamp>_<name>/migration.sql from the changes to
 *                prisma/schema.prisma, without applying it (edit it, then `db:migrate`)
 *   migrate      apply pending migrations (prisma migrate deploy)
 *   reset        drop everything in the database and apply all migrations again (no prompt)
 *   check        exit 1 when prisma/schema.prisma and prisma/migrations disagree
 *   generate     generate the Prisma client (lib/db/generated)
 *
 * The database is DATABASE_URL when set, else the embedded one (.data/pglite): the server another process
 * (e.g. `npm run dev`) runs for it, or one started for the duration of the command. The CLI is the real
 * Prisma CLI; its schema engine is scripts/prisma-engine/schema-engine.mjs (see db-lib.ts).
 * Extra arguments are passed on to Prisma; `check` also takes --schema <file> and --migrations <dir>.
 */

const usage = `usage: tsx scripts/db.ts <new <name> | migrate | reset | check | generate> [prisma options]`;

async function withDatabase(fn: (url: string) => Promise<number>): Promise<number> {
  const database = await resolveDatabase({ log: (m) => console.error(`[db] ${m}`) });
  try {
    return await fn(database.url);
  } finally {
    await database.stop();
  }
}

function takeOption(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i === -1) return undefined;
  const [arg] = args.splice(i, 1);
  if (arg!.includes("=")) return arg!.slice(name.length + 1);
  const [value] = args.splice(i, 1);
  return value;
}

async function prisma(args: string[], databaseUrl?: string): Promise<number> {
  return (await runPrisma(args, { databaseUrl })).code;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "new": {
      const name = rest[0] && !rest[0].startsWith("-") ? rest.shift() : takeOption(rest, "--name");
      if (!name) {
        console.error("usage: npm run db:new -- <name>   (e.g. npm run db:new -- add_rewards)");
        return 2;
      }
      return withDatabase((url) => prisma(["migrate", "dev", "--create-only", "--name", name, ...rest], url));
    }
    case "migrate":
      return withDatabase((url) => prisma(["migrate", "deploy", ...rest], url));
    case "reset":
      return withDatabase((url) => prisma(["migrate", "reset", "--force", ...rest], url));
    case "check": {
      const schema = path.resolve(takeOption(rest, "--schema") ?? path.join(projectRoot, "prisma", "schema.prisma"));
      const migrations = path.resolve(takeOption(rest, "--migrations") ?? path.join(projectRoot, "prisma", "migrations"));
      // Replaying the migrations needs a shadow database: a temporary one on the server, or an in-memory PGlite.
      const code = await withDatabase((url) =>
        prisma(["migrate", "diff", "--from-migrations", migrations, "--to-schema", schema, "--exit-code", ...rest], url),
      );
      const shownSchema = path.relative(process.cwd(), schema);
      const shownMigrations = path.relative(process.cwd(), migrations);
      if (code === 0) {
        console.error(`[db] ${shownSchema} and ${shownMigrations} agree.`);
        return 0;
      }
      if (code === 2) {
        console.error(
          `[db] ${shownSchema} and ${shownMigrations} disagree: the changes above would bring the database the migrations ` +
            "build to what the schema describes. Create a migration for them with `npm run db:new -- <name>`, " +
            "or change the schema (or the migrations) until they agree.",
        );
        return 1;
      }
      console.error(`[db] check failed (prisma migrate diff exited with ${code}).`);
      return 1;
    }
    case "generate":
      // Needs no database.
      return prisma(["generate", ...rest]);
    default:
      console.error(usage);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[db] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
