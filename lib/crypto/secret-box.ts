import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Encryption at rest for secrets we must be able to read back (Plaid access tokens): AES-256-GCM with keys
 * from ENCRYPTION_KEYS = "<id>:<base64 32 bytes>[,<id>:<key>…]". The first key encrypts; every listed key
 * decrypts, so a key is rotated by putting a new one first, re-encrypting (`needsRotation` says which values
 * to redo) and later dropping the old one. Ciphertexts name their key: "v1:<id>:<iv>:<tag>:<data>".
 */
type Key = { id: string; key: Buffer };

const DEV_KEY: Key = { id: "dev", key: createHash("sha256").update("boomerang development key: not for production").digest() };

// One parsed key set per ENCRYPTION_KEYS value: the variable is read on every call (so a changed value is
// seen at once), but parsed once.
const keySets = new Map<string, Key[]>();

export function loadKeys(env: string | undefined = process.env.ENCRYPTION_KEYS): Key[] {
  if (!env?.trim()) {
    if (process.env.NODE_ENV === "production" && process.env.BOOMERANG_DEMO !== "1") throw new Error("ENCRYPTION_KEYS must be set in production");
    return [DEV_KEY];
  }
  const known = keySets.get(env);
  if (known) return known;
  const parsed = env.split(",").map((part) => {
    const [id, b64, ...rest] = part.trim().split(":");
    if (!id || !b64 || rest.length > 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`ENCRYPTION_KEYS: "${id ?? ""}" is not "<id>:<base64 key>"`);
    const key = Buffer.from(b64, "base64");
    if (key.length !== 32) throw new Error(`ENCRYPTION_KEYS: key "${id}" must be 32 bytes (base64 of 32 random bytes)`);
    return { id, key };
  });
  keySets.set(env, parsed);
  return parsed;
}

export function encryptSecret(plaintext: string, keys: Key[] = loadKeys()): string {
  const current = keys[0];
  if (!current) throw new Error("no encryption key");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(`v1:${current.id}`));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", current.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(":");
}

export function decryptSecret(ciphertext: string, keys: Key[] = loadKeys()): string {
  const [version, id, iv, tag, data, ...rest] = ciphertext.split(":");
  if (version !== "v1" || !id || !iv || !tag || data === undefined || rest.length > 0) throw new Error("not a v1 ciphertext");
  const key = keys.find((k) => k.id === id);
  if (!key) throw new Error(`encryption key "${id}" is not in ENCRYPTION_KEYS`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(`v1:${id}`));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** True when the value was encrypted with a key other than the current one (re-encrypt it). */
export function needsRotation(ciphertext: string, keys: Key[] = loadKeys()): boolean {
  return ciphertext.split(":")[1] !== keys[0]?.id;
}

// Plaintexts of secrets read on every request, per key set (a changed ENCRYPTION_KEYS starts afresh, so a
// dropped key stops decrypting at once). A ciphertext is immutable and names its key, so its plaintext never
// changes; a rotated secret is a new ciphertext. Bounded: the oldest entries go first.
const MAX_REMEMBERED = 512;
const remembered = new WeakMap<Key[], Map<string, string>>();

/**
 * decryptSecret for a secret needed on every request (the signing secrets of inbound order events): each
 * ciphertext is decrypted once per key set and process, then answered from memory, which holds such secrets
 * while they are used anyway. Not for secrets read now and then (bank access tokens): decrypt those each time.
 */
export function decryptHotSecret(ciphertext: string, keys: Key[] = loadKeys()): string {
  let known = remembered.get(keys);
  if (!known) remembered.set(keys, (known = new Map()));
  const hit = known.get(ciphertext);
  if (hit !== undefined) return hit;
  const plaintext = decryptSecret(ciphertext, keys);
  if (known.size >= MAX_REMEMBERED) known.delete(known.keys().next().value!);
  known.set(ciphertext, plaintext);
  return plaintext;
}
