import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { ObjectStore } from "./object-store";

export type S3Settings = { bucket: string; region: string; endpoint?: string; forcePathStyle: boolean; prefix: string };

/** S3 settings from the environment; a missing bucket is a configuration error, said at first use. */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Settings {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) throw new Error("UPLOAD_STORAGE=s3 needs S3_BUCKET (and credentials, e.g. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).");
  const prefix = (env.S3_PREFIX ?? "").replace(/^\/+|\/+$/g, "");
  return {
    bucket,
    region: env.S3_REGION || env.AWS_REGION || "us-east-1",
    endpoint: env.S3_ENDPOINT || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === "1" || env.S3_FORCE_PATH_STYLE === "true",
    prefix: prefix ? `${prefix}/` : "",
  };
}

export function s3Store(settings: S3Settings, client = new S3Client({ region: settings.region, endpoint: settings.endpoint, forcePathStyle: settings.forcePathStyle })): ObjectStore {
  const Key = (key: string) => settings.prefix + key;
  return {
    name: "s3",
    async write(key, data) {
      await client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: Key(key), Body: data, ContentType: "image/webp", CacheControl: "public, max-age=31536000, immutable" }));
    },
    async read(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: Key(key) }));
        return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : null;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
        throw error;
      }
    },
    async has(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: Key(key) }));
        return true;
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === "NotFound") return false;
        throw error;
      }
    },
    async remove(key) {
      // S3 answers 204 for a key that does not exist: deleting twice is fine.
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: Key(key) }));
    },
  };
}

