import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const appUrlFile = (dataDir: string) => path.join(dataDir, "app-url");
const defaultDataDir = () => path.join(projectRoot, ".data");
type Env = Record<string, string | undefined>;

export type LaunchOptions = {
  mode: "dev" | "start";
  port: string;
  /** Where Next listens: `-H`/`--hostname`; in development `localhost` unless given. */
  hostname: string | undefined;
  /** The one public URL of this app: the app, its worker and the CLI put it in links. */
  appUrl: string;
  /** The arguments for `next dev` / `next start`. */
  nextArgs: string[];
};

/**
 * What `npm run dev` / `npm start` were asked for: Next's own `-p`/`--port` and `-H`/`--hostname` flags
 * (`npm start -- -p 8080`), else PORT, else 3000. The app URL is APP_URL, else NEXTAUTH_URL, else this
 * machine at that port.
 */
export function launchOptions(argv: string[], env: Env): LaunchOptions {
  const mode = argv[0] === "start" ? "start" : "dev";
  const { values } = parseArgs({
    args: argv.slice(1),
    options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
    strict: false,
    allowPositionals: true,
  });
  const port = typeof values.port === "string" ? values.port : (env.PORT ?? "3000");
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new Error(`the port must be a number from 0 to 65535, not "${port}"`);
  const hostname = typeof values.hostname === "string" ? values.hostname : mode === "dev" ? "localhost" : undefined;
  const appUrl = (env.APP_URL || env.NEXTAUTH_URL || `http://localhost:${port}`).replace(/\/+$/, "");
  return { mode, port, hostname, appUrl, nextArgs: [mode, "-p", port, ...(hostname ? ["-H", hostname] : [])] };
}

/** Written by the launcher, so that a CLI or worker started beside it links to the same address. */
export function rememberAppUrl(url: string, dataDir = defaultDataDir()): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(appUrlFile(dataDir), `${url}\n`);
}

/** Sets APP_URL from what the launcher last wrote, unless APP_URL or NEXTAUTH_URL says otherwise. */
export function recallAppUrl(env: Env = process.env, dataDir = defaultDataDir()): void {
  if (env.APP_URL || env.NEXTAUTH_URL) return;
  try {
    const url = readFileSync(appUrlFile(dataDir), "utf8").trim();
    if (url) env.APP_URL = url;
  } catch {
    // No app started here yet: appUrl()'s default stands.
  }
}
