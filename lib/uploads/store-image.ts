import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp, { type OutputInfo, type ResizeOptions } from "sharp";
import { DomainError } from "@/lib/errors";

/**
 * Images people upload (logos, covers, receipts): checked by their content, not their name, resized and
 * re-encoded as WebP (which also drops EXIF data such as a phone's GPS position), and stored under
 * UPLOAD_DIR (default .data/uploads). Keys look like "logo/<uuid>.webp"; an object-storage driver only has
 * to implement writeObject/readObject.
 */
export type ImageKind = "logo" | "cover" | "receipt";

const SPECS: Record<ImageKind, { maxBytes: number; resize: ResizeOptions; label: string }> = {
  logo: { maxBytes: 2 * 1024 * 1024, resize: { width: 512, height: 512, fit: "inside", withoutEnlargement: true }, label: "A logo" },
  cover: { maxBytes: 5 * 1024 * 1024, resize: { width: 1600, height: 600, fit: "cover", position: "attention" }, label: "A cover image" },
  receipt: { maxBytes: 10 * 1024 * 1024, resize: { width: 1600, height: 1600, fit: "inside", withoutEnlargement: true }, label: "A receipt photo" },
};

const ACCEPTED = new Set(["jpeg", "png", "webp", "gif", "heif", "avif"]);
const KEY = /^(logo|cover|receipt)\/[0-9a-f-]{36}\.webp$/;

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

function fileFor(key: string): string {
  if (!KEY.test(key)) throw new DomainError("NOT_FOUND", "No such file.");
  return path.join(/* turbopackIgnore: true */ uploadDir(), key);
}

async function writeObject(key: string, data: Buffer): Promise<void> {
  const file = fileFor(key);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** The stored bytes (always image/webp), or null when the key is malformed or the file is gone. */
export async function readStoredImage(key: string): Promise<Buffer | null> {
  if (!KEY.test(key)) return null;
  try {
    return await readFile(fileFor(key));
  } catch {
    return null;
  }
}

/** Removes a replaced image; a file already gone is fine. */
export async function deleteStoredImage(key: string | null | undefined): Promise<void> {
  if (!key || !KEY.test(key)) return;
  await unlink(fileFor(key)).catch(() => undefined);
}

/** Public URL of a logo or cover (receipts are served only to those allowed to see them). */
export function publicImageUrl(key: string | null | undefined): string | null {
  if (!key || !(key.startsWith("logo/") || key.startsWith("cover/"))) return null;
  return `/media/${key}`;
}
