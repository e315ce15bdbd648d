import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { deleteStoredImage, importLegacyUploads, readStoredImage, storeImage } from "./store-image";

// A fake S3 at the network edge: the real AWS SDK makes its real HTTP calls, path-style, to s3.fake.test.
const bucket = new Map<string, { body: Buffer; contentType: string | null }>();
const requests: { method: string; path: string }[] = [];
const s3 = setupServer(
  http.all("https://s3.fake.test/*", async ({ request }) => {
    const url = new URL(request.url);
    requests.push({ method: request.method, path: url.pathname });
    if (!request.headers.get("authorization")?.startsWith("AWS4-HMAC-SHA256")) return new HttpResponse("unsigned", { status: 403 });
    const key = decodeURIComponent(url.pathname);
    if (request.method === "PUT") {
      bucket.set(key, { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type") });
      return new HttpResponse(null, { status: 200, headers: { etag: '"x"' } });
    }
    if (request.method === "GET") {
      const object = bucket.get(key);
      if (!object) return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`, { status: 404, headers: { "content-type": "application/xml" } });
      return new HttpResponse(object.body, { status: 200, headers: { "content-type": "image/webp", "content-length": String(object.body.length) } });
    }
    if (request.method === "HEAD") return new HttpResponse(null, { status: bucket.has(key) ? 200 : 404 });
    if (request.method === "DELETE") {
      bucket.delete(key);
      return new HttpResponse(null, { status: 204 });
    }
    return new HttpResponse(null, { status: 405 });
  }),
);

let dir = "";
const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 80, b: 40 } } }).png().toBuffer();
const stored = async (key: string) => Number((await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM stored_images WHERE key = $1`, key))[0]!.n);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "boomerang-uploads-"));
  s3.listen({ onUnhandledRequest: "error" });
});
beforeEach(() => {
  process.env.UPLOAD_DIR = dir;
  delete process.env.UPLOAD_STORAGE;
});
afterEach(() => {
  bucket.clear();
  requests.length = 0;
});
afterAll(async () => {
  s3.close();
  await rm(dir, { recursive: true, force: true });
});

describe("uploads live in the database by default, not on an instance's disk", () => {
  it("an uploaded image survives deleting the upload directory and is read back by key", async () => {
    const image = await storeImage(await png(), "logo");
    expect(await stored(image.key)).toBe(1);
    await rm(dir, { recursive: true, force: true });
    const bytes = await readStoredImage(image.key);
    expect(bytes?.length).toBe(image.bytes);
    expect((await sharp(bytes!).metadata()).format).toBe("webp");
  });

  it("a deleted image is gone, and deleting it twice is fine", async () => {
    const image = await storeImage(await png(), "cover");
    await deleteStoredImage(image.key);
    await deleteStoredImage(image.key);
    expect(await readStoredImage(image.key)).toBeNull();
    expect(await stored(image.key)).toBe(0);
  });

  it("a malformed key reads as nothing and touches no store", async () => {
    expect(await readStoredImage("../etc/passwd")).toBeNull();
    expect(await readStoredImage("logo/not-a-uuid.webp")).toBeNull();
  });
});

describe("images an older install kept under UPLOAD_DIR move into the store", () => {
  async function legacyImage(kind: "logo" | "receipt") {
    const key = `${kind}/${randomUUID()}.webp`;
    const data = await sharp(await png()).webp().toBuffer();
    await mkdir(path.join(dir, kind), { recursive: true });
    await writeFile(path.join(dir, key), data);
    return { key, data };
  }

  it("a legacy image is served and moved into the store when first read, so it outlives the directory", async () => {
    const { key, data } = await legacyImage("logo");
    expect(await stored(key)).toBe(0);
    expect((await readStoredImage(key))?.equals(data)).toBe(true);
    expect(await stored(key)).toBe(1);
    await rm(path.join(dir, key));
    expect((await readStoredImage(key))?.equals(data)).toBe(true);
  });

  it("uploads:import moves every legacy image once; a second run imports nothing; stray files are ignored", async () => {
    const a = await legacyImage("logo");
    const b = await legacyImage("receipt");
    await writeFile(path.join(dir, "logo", "notes.txt"), "not an upload");
    const first = await importLegacyUploads();
    expect(first.imported).toBeGreaterThanOrEqual(2);
    expect(first.ignored).toBeGreaterThanOrEqual(1);
    expect(first.storage).toBe("postgres");
    expect(await stored(a.key)).toBe(1);
    expect(await stored(b.key)).toBe(1);
    const second = await importLegacyUploads();
    expect(second.imported).toBe(0);
    expect(second.alreadyStored).toBe(first.imported + first.alreadyStored);
  });

  it("deleting a replaced legacy image removes its file too, so it does not come back", async () => {
    const { key } = await legacyImage("logo");
    await deleteStoredImage(key);
    await expect(stat(path.join(dir, key))).rejects.toThrow();
    expect(await readStoredImage(key)).toBeNull();
  });
});

describe("UPLOAD_STORAGE=s3 keeps images in an S3-compatible bucket", () => {
  beforeEach(() => {
    Object.assign(process.env, {
      UPLOAD_STORAGE: "s3",
      S3_BUCKET: "boomerang-uploads",
      S3_ENDPOINT: "https://s3.fake.test",
      S3_FORCE_PATH_STYLE: "true",
      S3_REGION: "eu-west-1",
      S3_PREFIX: "test",
      AWS_ACCESS_KEY_ID: "AKIAFAKE",
      AWS_SECRET_ACCESS_KEY: "fake-secret",
    });
  });
  afterEach(() => {
    for (const name of ["S3_BUCKET", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "S3_REGION", "S3_PREFIX", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete process.env[name];
  });

  it("stores signed WebP objects under the prefix, reads them back, and deletes them; nothing goes to the database", async () => {
    const image = await storeImage(await png(), "receipt");
    const objectPath = `/boomerang-uploads/test/${image.key}`;
    expect(bucket.get(objectPath)?.contentType).toBe("image/webp");
    expect(await stored(image.key)).toBe(0);
    expect((await readStoredImage(image.key))?.length).toBe(image.bytes);
    await deleteStoredImage(image.key);
    expect(bucket.has(objectPath)).toBe(false);
    expect(requests.map((r) => r.method)).toEqual(["PUT", "GET", "DELETE"]);
  });

  it("uploads:import into the bucket asks whether an image is there (HEAD) instead of downloading it", async () => {
    const key = `logo/${randomUUID()}.webp`;
    await mkdir(path.join(dir, "logo"), { recursive: true });
    await writeFile(path.join(dir, key), await sharp(await png()).webp().toBuffer());
    expect((await importLegacyUploads()).storage).toBe("s3");
    expect(bucket.has(`/boomerang-uploads/test/${key}`)).toBe(true);
    requests.length = 0;
    const again = await importLegacyUploads();
    expect(again.imported).toBe(0);
    expect(requests.some((r) => r.method === "GET" || r.method === "PUT")).toBe(false);
  });

  it("a key the bucket does not hold reads as nothing (S3's NoSuchKey), not as an error", async () => {
    expect(await readStoredImage(`logo/${randomUUID()}.webp`)).toBeNull();
  });

  it("a missing bucket is a configuration error that says what to set", async () => {
    delete process.env.S3_BUCKET;
    await expect(storeImage(await png(), "logo")).rejects.toThrow(/S3_BUCKET/);
  });
});
