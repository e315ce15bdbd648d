import { db, runQuery } from "@/lib/db/client";

/**
 * Where uploaded images live. Nothing is kept on an app instance's own disk, so any instance serves what any
 * other stored. UPLOAD_STORAGE picks the driver:
 *   postgres (default)  the `stored_images` table of the app's database: images are small resized WebP;
 *   s3                  an S3-compatible bucket (S3_BUCKET; S3_REGION, S3_ENDPOINT, S3_FORCE_PATH_STYLE,
 *                       S3_PREFIX optional; credentials from the AWS SDK's usual chain, e.g. AWS_ACCESS_KEY_ID).
 */
export type ObjectStore = {
  readonly name: "postgres" | "s3";
  write(key: string, data: Buffer): Promise<void>;
  /** The stored bytes, or null when nothing is stored under the key. */
  read(key: string): Promise<Buffer | null>;
  /** Whether something is stored under the key (without fetching it). */
  has(key: string): Promise<boolean>;
  /** Removes an object; one already gone is fine. */
  remove(key: string): Promise<void>;
};

export const postgresStore: ObjectStore = {
  name: "postgres",
  async write(key, data) {
    await runQuery(db, `INSERT INTO stored_images (key, data, bytes) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, bytes = EXCLUDED.bytes`, [key, data, data.length]);
  },
  async read(key) {
    const [row] = await runQuery<{ data: Buffer }>(db, `SELECT data FROM stored_images WHERE key = $1`, [key]);
    return row ? Buffer.from(row.data) : null;
  },
  async has(key) {
    return (await runQuery(db, `SELECT 1 FROM stored_images WHERE key = $1`, [key])).length > 0;
  },
  async remove(key) {
    await runQuery(db, `DELETE FROM stored_images WHERE key = $1`, [key]);
  },
};

let configured: { storage: string; store: ObjectStore } | null = null;

/** The store UPLOAD_STORAGE names (read at each call, so tests and the CLI can switch it). */
export function objectStore(): ObjectStore {
  const storage = (process.env.UPLOAD_STORAGE || "postgres").toLowerCase();
  const signature = storage === "s3" ? `s3|${process.env.S3_BUCKET}|${process.env.S3_ENDPOINT}|${process.env.S3_REGION}|${process.env.S3_PREFIX}|${process.env.S3_FORCE_PATH_STYLE}` : storage;
  if (configured?.storage === signature) return configured.store;
  let store: ObjectStore;
  if (storage === "postgres") store = postgresStore;
  else if (storage === "s3") store = lazyS3Store();
  else throw new Error(`UPLOAD_STORAGE must be "postgres" or "s3", not "${storage}".`);
  configured = { storage: signature, store };
  return store;
}

/** The S3 driver, loaded on first use: installs on PostgreSQL storage never load the AWS SDK. */
function lazyS3Store(): ObjectStore {
  let loaded: Promise<ObjectStore> | null = null;
  const store = () => (loaded ??= import("./s3-store").then((m) => m.s3Store(m.s3SettingsFromEnv())).catch((error: unknown) => {
    loaded = null;
    throw error;
  }));
  return {
    name: "s3",
    write: async (key, data) => (await store()).write(key, data),
    read: async (key) => (await store()).read(key),
    has: async (key) => (await store()).has(key),
    remove: async (key) => (await store()).remove(key),
  };
}
