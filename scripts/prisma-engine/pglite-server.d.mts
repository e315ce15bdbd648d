import type { PGlite } from "@electric-sql/pglite";

/** The only database a PGlite instance has that clients may use. */
export declare const EMBEDDED_DATABASE: string;
/** Default limit of simultaneous client connections to the socket server. */
export declare const DEFAULT_MAX_CONNECTIONS: number;

/**
 * Opens PGlite on `dataDir` (undefined: in memory) and serves it on `host:port` (port 0: a free one).
 * The caller must make sure no other process has `dataDir` open.
 */
export declare function servePGlite(opts?: {
  dataDir?: string;
  port?: number;
  host?: string;
  maxConnections?: number;
}): Promise<{ url: string; port: number; db: PGlite; stop(): Promise<void> }>;
