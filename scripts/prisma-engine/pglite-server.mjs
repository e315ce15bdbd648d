// PGlite (PostgreSQL compiled to WebAssembly) served over the PostgreSQL wire protocol on a local TCP port.
// Shared by dev/embedded-db.ts (the embedded development database) and by the schema-engine bridge (an
// in-memory shadow database). Plain ESM so that the bridge runs without a build step.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** The only database a PGlite instance has that clients may use. */
export const EMBEDDED_DATABASE = "postgres";
/** The application_name of connections to the embedded server: it tells clients the session is shared. */
export const EMBEDDED_APPLICATION_NAME = "boomerang-embedded";

/**
 * Clients the socket server accepts at once. PGlite runs one statement at a time anyway, so a connection
 * costs little: this covers an app pool of 10, a seed or CLI process, the schema engine and a psql or two.
 */
export const DEFAULT_MAX_CONNECTIONS = 64;

// Frontend message types that belong to an extended-query cycle (Parse, Bind, Describe, Execute, Close,
// Flush); the cycle ends with Sync.
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const PROTOCOL_3 = 196608;

/**
 * pglite-socket queues each protocol message on its own and only keeps one client's messages together
 * while an explicit transaction is open. node-postgres (and so @prisma/adapter-pg) sends every
 * parameterised query as Parse/Bind/Describe/Execute/Sync: with several pooled connections, another
 * client's Parse could land between them in the one backend, so queries got the wrong statement
 * ("bind message supplies 2 parameters, but prepared statement "" requires 1") and clients hung.
 * This view of the database reports "in a transaction" from a client's first extended-query message until
 * its Sync, which makes the queue keep that client's whole cycle together.
 *
 * It also answers startup messages for any database other than EMBEDDED_DATABASE with the error a real
 * server gives for a missing database: PGlite would otherwise serve its only database under any name, and
 * `CREATE DATABASE x` followed by a connection to x would silently share data.
 */
function guardedDatabase(db) {
  let inExtendedCycle = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "isInTransaction") return () => inExtendedCycle || target.isInTransaction();
      if (prop === "exec") {
        return (...args) => {
          inExtendedCycle = false;
          return target.exec(...args);
        };
      }
      if (prop === "execProtocolRawStream") {
        return async (message, options) => {
          const startup = startupDatabase(message);
          if (startup !== undefined) {
            inExtendedCycle = false;
            if (startup !== EMBEDDED_DATABASE) {
              options?.onRawData?.(
                errorResponse(
                  "3D000",
                  `database "${startup}" does not exist (the embedded PGlite server only serves "${EMBEDDED_DATABASE}")`,
                ),
              );
              return;
            }
          } else {
            inExtendedCycle = EXTENDED.has(message[0]);
          }
          return target.execProtocolRawStream(message, options);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The database named by a StartupMessage, or undefined when `message` is not one. */
function startupDatabase(message) {
  if (message.length < 8) return undefined;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (view.getInt32(0) !== message.length || view.getInt32(4) !== PROTOCOL_3) return undefined;
  const parts = new TextDecoder().decode(message.subarray(8)).split("\0");
  const params = {};
  for (let i = 0; i + 1 < parts.length && parts[i] !== ""; i += 2) params[parts[i]] = parts[i + 1];
  return params.database || params.user || EMBEDDED_DATABASE;
}

function errorResponse(code, text) {
  const body = Buffer.concat([
    Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`, "utf8"),
  ]);
  const head = Buffer.alloc(5);
  head.write("E", 0, "ascii");
  head.writeInt32BE(body.length + 4, 1);
  return new Uint8Array(Buffer.concat([head, body]));
}

/** A freshly initialised cluster, saved once: loading it takes ~0.7 s where initdb takes ~3 s. */
function templateFile() {
  let dir = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const { version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  return path.join(root, "node_modules", ".cache", "boomerang-pglite", `fresh-cluster-${version}.tar.gz`);
}

async function createInMemory() {
  const template = templateFile();
  let saved;
  try {
    saved = readFileSync(template);
  } catch {
    // not saved yet
  }
  if (saved) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([saved]) });
    } catch {
      // unreadable template: initialise from scratch below
    }
  }
  const db = await PGlite.create();
  try {
    const dump = Buffer.from(await (await db.dumpDataDir("gzip")).arrayBuffer());
    mkdirSync(path.dirname(template), { recursive: true });
    const tmp = `${template}.${process.pid}.tmp`;
    writeFileSync(tmp, dump);
    renameSync(tmp, template);
  } catch {
    // best effort (read-only node_modules, …)
  }
  return db;
}

/**
 * Opens PGlite on `dataDir` (undefined: in memory) and serves it on `host:port` (port 0: a free one).
 * The caller must make sure no other process has `dataDir` open.
 * @param {{ dataDir?: string, port?: number, host?: string, maxConnections?: number }} [opts]
 * @returns {Promise<{ url: string, port: number, db: PGlite, stop(): Promise<void> }>}
 */
export async function servePGlite(opts = {}) {
  const host = opts.host ?? "127.0.0.1";
  const db = opts.dataDir ? await PGlite.create({ dataDir: opts.dataDir }) : await createInMemory();
  const server = new PGLiteSocketServer({
    db: guardedDatabase(db),
    host,
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  const port = Number(server.getServerConn().split(":").pop());
  let stopping;
  return {
    // application_name marks the URL as embedded: every client shares PGlite's one session (see lib/db/client).
    url: `postgresql://postgres@${host}:${port}/${EMBEDDED_DATABASE}?sslmode=disable&application_name=${EMBEDDED_APPLICATION_NAME}`,
    port,
    db,
    stop() {
      stopping ??= (async () => {
        await server.stop();
        // stop() detaches the clients without waiting; a detach may still be rolling back a transaction.
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (db.closed) return;
        if (db.isInTransaction()) await db.exec("ROLLBACK").catch(() => {});
        await db.close();
      })();
      return stopping;
    },
  };
}
