#!/usr/bin/env node
// Offline stand-in for Prisma's native schema-engine binary. The unmodified Prisma CLI starts it through
// PRISMA_SCHEMA_ENGINE_BINARY (see scripts/db-lib.ts) and speaks to it exactly as to the native engine:
//
//   schema-engine --version
//   schema-engine [--datamodels <file>]... [--datasource <json>] cli <can-connect-to-database|create-database|drop-database>
//   schema-engine [--datamodels <file>]... [--datasource <json>]      JSON-RPC 2.0, one object per line on stdin/stdout
//
// Every JSON-RPC call is forwarded to the same engine compiled to WebAssembly
// (node_modules/prisma/build/schema_engine_bg.wasm, i.e. the CLI's own engine version, with the JS glue of
// @prisma/schema-engine-wasm), which reaches PostgreSQL through @prisma/adapter-pg. What differs from the
// native engine and is handled here:
//   - adapter-pg cannot describe PostgreSQL's internal "char" type (oid 18), which the engine meets when it
//     introspects the catalogs: such columns are reported as characters (the engine reads them as chars).
//   - adapter-pg's executeScript splits a script on ";" and runs the pieces on different pool connections,
//     which breaks $$ function bodies and makes migrations non-atomic. Scripts go to the server whole, as one
//     simple-protocol query on one connection, like the native engine does: PostgreSQL runs a multi-statement
//     query as one implicit transaction, so a failing migration leaves nothing behind.
//   - createMigration / evaluateDataLoss only find the schema of the migrations directory in a cache that a
//     diagnoseMigrationHistory call opting in to the shadow database fills: the bridge makes that call first.
//   - The shadow database (adapter-pg's connectToShadowDb would connect to the main database: the database
//     name in the connection string wins over the one it sets): the configured shadowDatabaseUrl (emptied
//     first), else a temporary database created on the same server (dropped after each use), else (an embedded
//     PGlite server, which serves a single database, or a server refusing CREATE DATABASE) a temporary
//     in-memory PGlite, reused (emptied) for all the shadow connections of a command.
//   - A diff is delivered to the CLI as a `print` request, the way the native engine does it.
//   - Methods the Wasm engine lacks (getDatabaseVersion, createDatabase) are answered here.
//   - Errors carry Prisma's codes and messages (P1001 unreachable, P1003 no database, P3018 failed migration).
//   - A crash (a Wasm panic, an uncaught error) is reported in an ERROR log line and the bridge exits with
//     status 1 (101 would make the CLI treat it as a native panic and offer to report it).
// Debugging: BRIDGE_DEBUG=1 prints stacks of crashes to stderr; BRIDGE_TRACE_FILE=<file> traces shutdown.
// DEBUG="prisma:schemaEngine*" on the CLI shows every JSON-RPC request and the engine's log lines.
import { randomUUID } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

const require = createRequire(import.meta.url);
const EXIT_CRASH = 1;

// ---------------------------------------------------------------------------------------------- logging
// The CLI reads stderr line by line as JSON tracing events: `fields.message` of each line is collected,
// and an ERROR line becomes the error it shows when the engine exits with status 1.
function logLine(level, message, fields = {}) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target: "schema_engine::logger" })}\n`,
  );
}

/** The adapter factory given to the engine, whose registry holds the JS errors behind "External error id#N". */
let boundFactory;

// Prisma's error codes for the driver adapter's connection failures.
const KIND_CODES = {
  DatabaseNotReachable: "P1001",
  SocketTimeout: "P1002",
  DatabaseDoesNotExist: "P1003",
  AuthenticationFailed: "P1000",
  TlsConnectionError: "P1011",
};

const MESSAGE_CODES = [
  [/^Can't reach database server/, "P1001"],
  [/^Database `[^`]*` does not exist/, "P1003"],
  [/^Authentication failed/, "P1000"],
  [/timed out/, "P1002"],
];

/** Message and Prisma error code of an error from the engine (resolving its "External error id#N"). */
function describeError(error) {
  let message = error instanceof Error ? error.message : String(error);
  let code = typeof error?.code === "string" && /^P\d{4}$/.test(error.code) ? error.code : undefined;
  const external = /External error id#(\d+)/.exec(message);
  const original = external && boundFactory?.errorRegistry?.consumeError(Number(external[1]))?.error;
  if (original) {
    message = message.replace(external[0], original instanceof Error ? original.message : JSON.stringify(original));
    code ??= KIND_CODES[original?.cause?.kind];
  }
  code ??= MESSAGE_CODES.find(([pattern]) => pattern.test(message))?.[1];
  return { message, code };
}

function errorText(error) {
  return describeError(error).message;
}

/** Drops the Rust span trace ("   0: sql_schema_connector::…") the Wasm engine appends to messages. */
function cleanMessage(message) {
  const lines = String(message).split("\n");
  const trace = lines.findIndex((line) => /^\s+\d+: \S+::/.test(line));
  return (trace === -1 ? lines : lines.slice(0, trace)).join("\n").trimEnd();
}

// --------------------------------------------------------------------------------------------- arguments
function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${arg}`);
      return v;
    };
    if (arg === "--version" || arg === "-V") out.version = true;
    else if (arg === "--datamodels" || arg === "-d") out.datamodels.push(value());
    else if (arg.startsWith("--datamodels=")) out.datamodels.push(arg.slice("--datamodels=".length));
    else if (arg === "--datasource") out.datasource = JSON.parse(value());
    else if (arg.startsWith("--datasource=")) out.datasource = JSON.parse(arg.slice("--datasource=".length));
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") value();
    else if (arg === "cli") {
      out.cli = argv[++i];
      break;
    } else if (arg === "--help" || arg === "-h") out.help = true;
  }
  return out;
}

function enginesVersion() {
  return require("@prisma/engines-version/package.json").prisma.enginesVersion;
}

// ----------------------------------------------------------------------------------------- pg utilities
let pgModule;
async function pg() {
  pgModule ??= (await import("pg")).default;
  return pgModule;
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || new URL(url).username || "postgres";
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

function redact(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}`;
  } catch {
    return "<invalid url>";
  }
}

/** Prisma's connection error codes for a pg error. */
function connectionError(error, url) {
  const where = redact(url);
  const code = error?.code;
  if (code === "3D000")
    return { error_code: "P1003", message: `Database \`${databaseName(url)}\` does not exist on the database server at \`${where}\`.` };
  if (code === "28P01" || code === "28000")
    return { error_code: "P1000", message: `Authentication failed against database server at \`${where}\`: ${error.message}` };
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH" || code === "ECONNRESET")
    return { error_code: "P1001", message: `Can't reach database server at \`${where}\`\n\nPlease make sure your database server is running at \`${where}\`.` };
  if (code === "ETIMEDOUT" || /timeout/i.test(error?.message ?? ""))
    return { error_code: "P1002", message: `The database server at \`${where}\` was reached but timed out.` };
  return { error_code: "P1000", message: errorText(error) };
}

async function withClient(url, fn) {
  const { Client } = await pg();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A database on the same server that always exists, for CREATE/DROP DATABASE. */
async function withAdminClient(url, fn) {
  let lastError;
  for (const db of ["postgres", "template1"]) {
    let connected = false;
    try {
      return await withClient(withDatabase(url, db), (client) => {
        connected = true;
        return fn(client);
      });
    } catch (error) {
      if (connected) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

async function isPGlite(client) {
  const { rows } = await client.query("SELECT version() AS v");
  return /PGlite/i.test(rows[0]?.v ?? "");
}

async function createDatabase(url) {
  const name = databaseName(url);
  await withAdminClient(url, async (client) => {
    if (await isPGlite(client)) throw new Error("The embedded PGlite server has a single database and cannot create others.");
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      if (error?.code !== "42P04") throw error; // already exists
    }
  });
  return name;
}

async function dropDatabase(url) {
  const name = databaseName(url);
  await withAdminClient(url, async (client) => {
    if (await isPGlite(client)) throw new Error("The embedded PGlite server has a single database and cannot drop it.");
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
  return name;
}

// ------------------------------------------------------------------------------------------- one-shot cli
async function runCli(command, datasource) {
  const url = datasource?.url;
  // The CLI drops the first stderr line and parses the others as JSON log lines.
  const fail = ({ error_code, message }) => {
    process.stderr.write("schema-engine bridge\n");
    logLine("ERROR", message, { error_code });
    return 1;
  };
  if (!url) return fail({ error_code: "P1012", message: "No database URL: set DATABASE_URL (see prisma.config.ts)." });
  try {
    switch (command) {
      case "can-connect-to-database":
        await withClient(url, (client) => client.query("SELECT 1"));
        process.stdout.write("Connection successful\n");
        return 0;
      case "create-database": {
        const name = await createDatabase(url);
        process.stdout.write(`Database '${name}' was successfully created.\n`);
        return 0;
      }
      case "drop-database": {
        const name = await dropDatabase(url);
        process.stdout.write(`The database '${name}' was successfully dropped.\n`);
        return 0;
      }
      default:
        return fail({ error_code: "P1000", message: `Unknown cli command: ${command}` });
    }
  } catch (error) {
    return fail(error?.code ? connectionError(error, url) : { error_code: "P1000", message: errorText(error) });
  }
}

// -------------------------------------------------------------------------------------- adapter factory
const CHAR_OID = 18;
const TEXT_OID = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils

/** Result rows (by identity) → indexes of their "char" columns. */
const charColumns = new WeakMap();

/**
 * adapter-pg refuses PostgreSQL's internal "char" type (oid 18), found in the catalogs the engine reads
 * (pg_constraint.contype, …). The value is parsed as text and the column reported as a character, which
 * is what the engine expects (it reads `contype` with get_expect_char).
 */
function patchQueryable(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes = [];
    result?.fields?.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indexes.push(i);
      }
    });
    if (indexes.length > 0) charColumns.set(result.rows, indexes);
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return result;
  };
  return queryable;
}

/** The last error a script (a migration) failed with, for the P3018 message. */
let lastScriptError;

function patchAdapter(adapter) {
  patchQueryable(adapter);
  const pool = adapter.underlyingDriver();
  adapter.executeScript = async (script) => {
    let client;
    try {
      client = await pool.connect();
    } catch (error) {
      adapter.onError(error);
    }
    try {
      lastScriptError = undefined;
      await client.query(script);
    } catch (error) {
      lastScriptError = error;
      adapter.onError(error);
    } finally {
      client.release();
    }
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => patchQueryable(await startTransaction(isolationLevel));
  return adapter;
}

function sameDatabase(a, b) {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && databaseName(a) === databaseName(b);
  } catch {
    return false;
  }
}

class BridgeAdapterFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";

  constructor(datasource) {
    this.url = datasource?.url || undefined;
    this.shadowUrl = datasource?.shadowDatabaseUrl || undefined;
  }

  async adapterFor(url, release) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? undefined;
    const config = { connectionString: url, max: 4, connectionTimeoutMillis: 30_000 };
    if (schema && schema !== "public") config.options = `-c search_path=${quoteIdent(schema)}`;
    const adapter = await new PrismaPg(config, schema ? { schema } : undefined).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      const done = (async () => {
        await dispose();
        await release?.();
      })();
      // close() waits for these, should the engine not.
      this.disposing.add(done);
      return done.finally(() => this.disposing.delete(done));
    };
    return patchAdapter(adapter);
  }

  async connect() {
    return this.url ? this.adapterFor(this.url) : noDatabaseAdapter();
  }

  /**
   * A shadow database. The engine asks for one several times per command (replaying the migrations,
   * validating them, …). A temporary database on the server is dropped as soon as the engine lets go of it
   * (the CLI kills the engine right after its last answer); an in-memory PGlite, slow to start, is reused
   * (emptied) for the whole command and dies with the process anyway.
   */
  async connectToShadowDb() {
    if (this.shadowUrl) {
      if (this.url && sameDatabase(this.url, this.shadowUrl))
        throw new Error("The shadow database URL points at the main database: set SHADOW_DATABASE_URL to a separate, disposable database.");
      // The native engine empties a configured shadow database before use; the Wasm engine does not.
      await emptyDatabase(this.shadowUrl);
      return this.adapterFor(this.shadowUrl);
    }
    const temporary = this.url && (await this.temporaryDatabaseOnServer());
    if (temporary) return this.adapterFor(temporary.url, temporary.close);
    let slot = this.idleShadow;
    this.idleShadow = undefined;
    if (slot) await emptyDatabase(slot.url);
    else {
      slot = await this.inMemoryPGlite();
      this.shadows.push(slot);
    }
    return this.adapterFor(slot.url, async () => {
      this.idleShadow ??= slot;
    });
  }

  shadows = [];
  idleShadow;
  disposing = new Set();

  /** A temporary database next to the main one, or undefined when the server cannot give us one. */
  async temporaryDatabaseOnServer() {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    const created = await withClient(this.url, async (client) => {
      if (await isPGlite(client)) return false; // one database only: CREATE DATABASE "works", but connects to the same one
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
        return true;
      } catch (error) {
        if (error?.code === "42501") {
          logLine("WARN", "No permission to create a shadow database on the server: using a temporary in-memory PGlite instead.");
          return false;
        }
        throw error;
      }
    });
    if (!created) return undefined;
    const slot = {
      url: withDatabase(this.url, name),
      close: () =>
        withClient(this.url, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).catch((error) =>
          logLine("WARN", `Could not drop the shadow database ${name}: ${errorText(error)}`),
        ),
    };
    try {
      const current = await withClient(slot.url, async (client) => (await client.query("SELECT current_database() AS d")).rows[0]?.d);
      if (current !== name) throw new Error(`Connecting to the new shadow database ${name} reached ${current} instead.`);
      return slot;
    } catch (error) {
      await slot.close();
      throw error;
    }
  }

  async inMemoryPGlite() {
    const { servePGlite } = await import("./pglite-server.mjs");
    const server = await servePGlite({});
    return { url: server.url, close: () => server.stop() };
  }

  async close() {
    trace(`closing ${this.shadows.length} shadow(s)`);
    await Promise.allSettled([...this.disposing]);
    const shadows = this.shadows.splice(0);
    this.idleShadow = undefined;
    await Promise.allSettled(shadows.map((slot) => slot.close()));
  }
}

/**
 * Stands in for the database when the CLI gives none (`migrate diff --from-empty --to-schema …` needs no
 * database, but the engine asks for the server version when it starts): answers that question with the
 * PostgreSQL version the schema was written for, and fails anything else.
 */
function noDatabaseAdapter() {
  const fail = async () => {
    throw new Error("No database URL: set DATABASE_URL (see prisma.config.ts).");
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw(query) {
      if (/^SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/.test(query.sql))
        return { columnNames: ["exists", "version", "numeric_version"], columnTypes: [5, 7, 0], rows: [[true, "PostgreSQL 15.0", 150000]] };
      return fail();
    },
    executeRaw: fail,
    executeScript: fail,
    startTransaction: fail,
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
}

/** Drops every schema of the database at `url` and recreates an empty `public`. */
async function emptyDatabase(url) {
  await withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    const drops = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`).join(" ");
    await client.query(`${drops} CREATE SCHEMA public;`);
  });
}

// -------------------------------------------------------------------------------------------- the engine
/** The message of a Rust panic inside the Wasm engine (it reports it here before trapping). */
let panicMessage;

async function loadEngineModule() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      panicMessage = message;
    },
  };
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  // The engine of exactly the CLI's version; the glue only has to match its imports and exports.
  const wasmPath = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm");
  const wasmModule = new WebAssembly.Module(readFileSync(wasmPath));
  const missing = WebAssembly.Module.imports(wasmModule).filter((i) => typeof bg[i.name] !== "function");
  if (missing.length > 0)
    throw new Error(
      `@prisma/schema-engine-wasm's glue does not fit ${wasmPath} (missing ${missing.map((i) => i.name).join(", ")}): install the @prisma/schema-engine-wasm version built from the same engine commit as the prisma package.`,
    );
  const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bg;
}

/** The migration the engine is applying, from its "Applying `name`" log events. */
let applyingMigration;

function engineLog(line) {
  for (const text of String(line).split("\n")) {
    if (!text.trim()) continue;
    process.stderr.write(`${text.trim()}\n`);
    const name = /"migration_name":"([^"]+)"/.exec(text)?.[1];
    if (name && text.includes("Applying")) applyingMigration = name;
  }
}

/** The native engine's P3018 error for a migration script that failed. */
function migrationFailure() {
  if (!applyingMigration || !lastScriptError) return undefined;
  const db = lastScriptError;
  const position = db.position ? `\nPosition: ${db.position}` : "";
  return {
    error_code: "P3018",
    message:
      "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
      `Migration name: ${applyingMigration}\n\n` +
      (db.code ? `Database error code: ${db.code}\n\n` : "") +
      `Database error:\nERROR: ${db.message}${db.detail ? `\nDETAIL: ${db.detail}` : ""}${position}`,
    meta: { migration_name: applyingMigration, database_error_code: db.code ?? null, database_error: db.message },
  };
}

async function runRpc(args) {
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  const bg = await loadEngineModule();
  const datamodels = args.datamodels.length > 0 ? args.datamodels.map((file) => [file, readFileSync(file, "utf8")]) : undefined;
  const bridgeFactory = new BridgeAdapterFactory(args.datasource);
  boundFactory = bindMigrationAwareSqlAdapterFactory(bridgeFactory);
  // When the engine cannot start (database unreachable, …) every request gets that error, as from the
  // native engine. Exiting instead would leave the CLI waiting for an exit event that already happened.
  let engine;
  let startupError;
  try {
    engine = await bg.SchemaEngine.new({ datamodels }, engineLog, boundFactory);
  } catch (error) {
    const { message, code } = describeError(error);
    startupError = { message: cleanMessage(message), code };
  }

  const write = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const pendingPrints = new Map();
  let printId = 0;
  /** Asks the CLI to print `content` to its stdout and waits until it has. */
  const print = (content) =>
    new Promise((resolve) => {
      const id = `print-${++printId}`;
      pendingPrints.set(id, resolve);
      write({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });

  // createMigration and evaluateDataLoss get no shadow database from the Wasm engine: they read the schema
  // of the migrations directory from a cache keyed by the list of migrations, which only
  // diagnoseMigrationHistory (opting in to the shadow database) fills, and only with the migrations applied
  // to the database. The bridge runs that diagnosis first unless it already covered exactly this list.
  let cachedMigrations;
  const migrationsKey = (list) => JSON.stringify(list?.migrationDirectories ?? []);
  async function diagnose(params) {
    const result = await engine.diagnoseMigrationHistory(params);
    const upToDate = !result.history && result.failedMigrationNames.length === 0 && result.editedMigrationNames.length === 0;
    if (params?.optInToShadowDatabase && upToDate) cachedMigrations = migrationsKey(params.migrationsList);
    return result;
  }
  async function ensureMigrationsCached(migrationsList, filters) {
    if (!migrationsList || cachedMigrations === migrationsKey(migrationsList)) return;
    const result = await diagnose({
      migrationsList,
      optInToShadowDatabase: true,
      filters: filters ?? { externalTables: [], externalEnums: [] },
    });
    if (result.history?.tag === "databaseIsBehind" || result.history?.diagnostic === "databaseIsBehind")
      throw new Error("The database has unapplied migrations: apply them first (prisma migrate deploy / npm run db:migrate).");
  }

  const methods = {
    async createMigration(params) {
      await ensureMigrationsCached(params.migrationsList, params.filters);
      return engine.createMigration(params);
    },
    async evaluateDataLoss(params) {
      await ensureMigrationsCached(params.migrationsList, params.filters);
      return engine.evaluateDataLoss(params);
    },
    diagnoseMigrationHistory: (params) => diagnose(params),
    async diff(params) {
      const result = await engine.diff(params);
      if (result.stdout) await print(result.stdout);
      return { exitCode: result.exitCode, stdout: null };
    },
    getDatabaseVersion: (params) => engine.version(params ?? undefined),
    async createDatabase(params) {
      const url = params?.datasource?.url ?? args.datasource?.url;
      if (!url) throw new Error("createDatabase: no database URL");
      return { databaseName: await createDatabase(url) };
    },
  };

  let crashed = false;
  const handle = async (request) => {
    const { id, method, params } = request;
    applyingMigration = undefined;
    lastScriptError = undefined;
    try {
      if (startupError) throw Object.assign(new Error(startupError.message), { code: startupError.code });
      if (crashed) throw new Error(crashed);
      let result;
      if (Object.hasOwn(methods, method)) result = await methods[method](params);
      else if (typeof engine[method] === "function" && method !== "free" && method !== "constructor") result = await engine[method](params);
      else {
        write({ jsonrpc: "2.0", id, error: { code: -32601, message: `Method not found: ${method}` } });
        return;
      }
      write({ jsonrpc: "2.0", id, result: result ?? null });
    } catch (error) {
      const panic = error instanceof WebAssembly.RuntimeError;
      const described = describeError(error);
      const message = panic && panicMessage ? `${panicMessage} (${described.message})` : cleanMessage(described.message);
      const failure = method === "applyMigrations" ? migrationFailure() : undefined;
      write({
        jsonrpc: "2.0",
        id,
        error: {
          code: 4466,
          message: "An error happened. Check the data field for details.",
          data: failure
            ? { is_panic: false, ...failure }
            : { is_panic: false, message, meta: error?.meta ?? null, error_code: described.code },
        },
      });
      if (panic && !crashed) {
        // The Wasm instance cannot be trusted after a trap: refuse further requests, and exit with an error
        // once the CLI lets go (exiting now could leave the CLI waiting for an exit it already missed).
        crashed = `The schema engine crashed: ${message}`;
        logLine("ERROR", crashed);
      }
    }
  };

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const inFlight = new Set();
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      write({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (message.method === undefined && pendingPrints.has(message.id)) {
      pendingPrints.get(message.id)();
      pendingPrints.delete(message.id);
      return;
    }
    const task = handle(message).finally(() => inFlight.delete(task));
    inFlight.add(task);
  });
  // The CLI stops the engine by ending stdin and, on Linux, sending SIGTERM right after: drop the shadow
  // databases either way before exiting.
  await new Promise((resolve) => {
    lines.on("close", resolve);
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  trace("stopping");
  await Promise.race([Promise.allSettled([...inFlight]), sleep(2000)]);
  await Promise.race([bridgeFactory.close(), sleep(10_000)]);
  trace("stopped");
  return crashed ? EXIT_CRASH : 0;
}

function trace(message) {
  if (process.env.BRIDGE_TRACE_FILE) appendFileSync(process.env.BRIDGE_TRACE_FILE, `${new Date().toISOString()} ${process.pid} ${message}\n`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ----------------------------------------------------------------------------------------------- main
async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${enginesVersion()}\n`);
    return 0;
  }
  if (args.help) {
    process.stdout.write("schema-engine bridge: Prisma's schema engine (WebAssembly) behind the native engine's CLI.\n");
    return 0;
  }
  if (args.cli !== undefined) return runCli(args.cli, args.datasource);
  return runRpc(args);
}

process.on("unhandledRejection", (reason) => {
  logLine("ERROR", `The schema engine bridge crashed: ${panicMessage ? `${panicMessage} (${errorText(reason)})` : errorText(reason)}`);
  if (process.env.BRIDGE_DEBUG) process.stderr.write(`${reason?.stack}\n`);
  process.exit(EXIT_CRASH);
});
process.on("uncaughtException", (error) => {
  logLine("ERROR", `The schema engine bridge crashed: ${panicMessage ? `${panicMessage} (${errorText(error)})` : errorText(error)}`);
  if (process.env.BRIDGE_DEBUG) process.stderr.write(`${error?.stack}\n`);
  process.exit(EXIT_CRASH);
});

// The CLI may be gone by the time the bridge finishes cleaning up.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

main().then(
  (code) => process.exit(code),
  (error) => {
    logLine("ERROR", errorText(error));
    process.exit(EXIT_CRASH);
  },
);
