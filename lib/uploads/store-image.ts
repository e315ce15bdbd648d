import { createHash, randomUUID } from "node:crypto";
import { readFile, readdir, unlink } from "node:fs/promises";
import path from "node:path";
import sharp, { type OutputInfo, type ResizeOptions } from "sharp";
import { DomainError } from "@/lib/errors";
import { objectStore } from "./object-store";

/**
 * Images people upload (logos, covers, receipts): checked by their content, not their name, resized and
 * re-encoded as WebP (which also drops EXIF data such as a phone's GPS position), and stored in the object
 * store UPLOAD_STORAGE names (PostgreSQL by default, or S3: see object-store.ts), never on an instance's own
 * disk. Keys look like "logo/<uuid>.webp".
 *
 * Installs from before kept images under UPLOAD_DIR (default .data/uploads): an image missing from the store
 * but found there is moved into the store when first read, and `uploads:import` moves them all at once.
 */
export type ImageKind = "logo" | "cover" | "receipt";

const SPECS: Record<ImageKind, { maxBytes: number; resize: ResizeOptions; label: string }> = {
  logo: { maxBytes: 2 * 1024 * 1024, resize: { width: 512, height: 512, fit: "inside", withoutEnlargement: true }, label: "A logo" },
  cover: { maxBytes: 5 * 1024 * 1024, resize: { width: 1600, height: 600, fit: "cover", position: "attention" }, label: "A cover image" },
  receipt: { maxBytes: 10 * 1024 * 1024, resize: { width: 1600, height: 1600, fit: "inside", withoutEnlargement: true }, label: "A receipt photo" },
};

const ACCEPTED = new Set(["jpeg", "png", "webp", "gif", "heif", "avif"]);
const KEY = /^(logo|cover|receipt)\/[0-9a-f-]{36}\.webp$/;

/** The directory older installs kept uploads in: read only, to move them into the object store. */
export function uploadDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.UPLOAD_DIR || ".data/uploads");
}

export function maxImageBytes(kind: ImageKind): number {
  return SPECS[kind].maxBytes;
}

export type StoredImage = { key: string; sha256: string; width: number; height: number; bytes: number };

/** Validates, resizes and stores an uploaded image. `field` names the form field in the 4xx it may throw. */
export async function storeImage(input: Blob | Buffer, kind: ImageKind, field = kind): Promise<StoredImage> {
  const spec = SPECS[kind];
  const size = input instanceof Blob ? input.size : input.length;
  if (size === 0) throw new DomainError("VALIDATION", "Choose an image to upload.", { field });
  if (size > spec.maxBytes) {
    throw new DomainError("PAYLOAD_TOO_LARGE", `${spec.label} may be at most ${Math.round(spec.maxBytes / 1024 / 1024)} MB.`, { field });
  }
  const original = input instanceof Blob ? Buffer.from(await input.arrayBuffer()) : input;
  let format: string | undefined;
  try {
    format = (await sharp(original).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !ACCEPTED.has(format)) throw new DomainError("VALIDATION", `${spec.label} must be a JPEG, PNG, WebP, GIF, HEIF or AVIF image.`, { field });
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await sharp(original, { limitInputPixels: 50_000_000 }).rotate().resize(spec.resize).webp({ quality: 82 }).toBuffer({ resolveWithObject: true });
  } catch {
    throw new DomainError("VALIDATION", `${spec.label} could not be read; try another file.`, { field });
  }
  const key = `${kind}/${randomUUID()}.webp`;
  await writeObject(key, output.data);
  return { key, sha256: createHash("sha256").update(original).digest("hex"), width: output.info.width, height: output.info.height, bytes: output.data.length };
}

function legacyFile(key: string): string {
  return path.join(/* turbopackIgnore: true */ uploadDir(), key);
}

async function writeObject(key: string, data: Buffer): Promise<void> {
  await objectStore().write(key, data);
}

/** The stored bytes (always image/webp), or null when the key is malformed or nothing is stored under it. */
export async function readStoredImage(key: string): Promise<Buffer | null> {
  if (!KEY.test(key)) return null;
  const stored = await objectStore().read(key);
  if (stored) return stored;
  // An image an older install kept on disk: moved into the store on first read.
  const legacy = await readFile(legacyFile(key)).catch(() => null);
  if (legacy) await writeObject(key, legacy);
  return legacy;
}

/** Removes a replaced image; one already gone is fine. */
export async function deleteStoredImage(key: string | null | undefined): Promise<void> {
  if (!key || !KEY.test(key)) return;
  await objectStore().remove(key);
  // An older install's copy would come back on the next read.
  await unlink(legacyFile(key)).catch(() => undefined);
}

/**
 * Moves every image an older install kept under UPLOAD_DIR into the object store (`uploads:import`): files
 * already there are skipped, so it can run again; the directory can be deleted afterwards.
 */
export async function importLegacyUploads(): Promise<{ directory: string; storage: string; imported: number; alreadyStored: number; ignored: number }> {
  const directory = uploadDir();
  const store = objectStore();
  const result = { directory, storage: store.name, imported: 0, alreadyStored: 0, ignored: 0 };
  for (const kind of ["logo", "cover", "receipt"] as const) {
    const names = await readdir(path.join(/* turbopackIgnore: true */ directory, kind)).catch(() => [] as string[]);
    for (const name of names) {
      const key = `${kind}/${name}`;
      if (!KEY.test(key)) {
        result.ignored++;
        continue;
      }
      if (await store.has(key)) {
        result.alreadyStored++;
        continue;
      }
      await store.write(key, await readFile(legacyFile(key)));
      result.imported++;
    }
  }
  return result;
}

/** Public URL of a logo or cover (receipts are served only to those allowed to see them). */
export function publicImageUrl(key: string | null | undefined): string | null {
  if (!key || !(key.startsWith("logo/") || key.startsWith("cover/"))) return null;
  return `/media/${key}`;
}
