import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptHotSecret, decryptSecret, encryptSecret, loadKeys, needsRotation } from "./secret-box";

const key = () => randomBytes(32).toString("base64");

describe("secret box (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV every time", () => {
    const keys = loadKeys(`k1:${key()}`);
    const a = encryptSecret("access-sandbox-123", keys);
    const b = encryptSecret("access-sandbox-123", keys);
    expect(a).not.toBe(b);
    expect(a).not.toContain("access-sandbox");
    expect(decryptSecret(a, keys)).toBe("access-sandbox-123");
  });

  it("rotates: a new first key encrypts, the old one still decrypts until removed", () => {
    const k1 = `k1:${key()}`;
    const old = encryptSecret("secret", loadKeys(k1));
    const rotated = loadKeys(`k2:${key()},${k1}`);
    expect(decryptSecret(old, rotated)).toBe("secret");
    expect(needsRotation(old, rotated)).toBe(true);
    const fresh = encryptSecret("secret", rotated);
    expect(needsRotation(fresh, rotated)).toBe(false);
    expect(() => decryptSecret(old, loadKeys(`k2:${key()}`))).toThrow(/k1/);
  });

  it("remembers a hot secret per key set: the same plaintext again, never a tampered one, nothing once its key is dropped", () => {
    const k1 = `k1:${key()}`;
    const keys = loadKeys(k1);
    expect(loadKeys(k1)).toBe(keys);
    const c = encryptSecret("whsec_hot", keys);
    expect(decryptHotSecret(c, keys)).toBe("whsec_hot");
    expect(decryptHotSecret(c, keys)).toBe("whsec_hot");
    const parts = c.split(":");
    const tag = Buffer.from(parts[3] ?? "", "base64url");
    tag[0] = (tag[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 3), tag.toString("base64url"), parts[4]].join(":");
    expect(() => decryptHotSecret(tampered, keys)).toThrow();
    expect(() => decryptHotSecret(tampered, keys)).toThrow();
    // ENCRYPTION_KEYS without k1 is another key set: what k1 decrypted is not answered from memory.
    expect(() => decryptHotSecret(c, loadKeys(`k2:${key()}`))).toThrow(/k1/);
    expect(decryptHotSecret(c, loadKeys(`k2:${key()},${k1}`))).toBe("whsec_hot");
  });

  it("refuses tampered ciphertext and a key id swapped in", () => {
    const keys = loadKeys(`k1:${key()},k2:${key()}`);
    const c = encryptSecret("secret", keys);
    const parts = c.split(":");
    const data = Buffer.from(parts[4] ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    expect(() => decryptSecret([...parts.slice(0, 4), data.toString("base64url")].join(":"), keys)).toThrow();
    expect(() => decryptSecret(["v1", "k2", ...parts.slice(2)].join(":"), keys)).toThrow();
  });

  it("rejects malformed key lists", () => {
    expect(() => loadKeys("k1:short")).toThrow(/32 bytes/);
    expect(() => loadKeys("no-key")).toThrow();
  });
});
