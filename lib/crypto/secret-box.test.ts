import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, loadKeys, needsRotation } from "./secret-box";

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
