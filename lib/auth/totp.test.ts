import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, newTotpSecret, otpauthUri, stepAt, totpCode, verifyTotp } from "./totp";

// RFC 6238 appendix B, SHA-1: secret "12345678901234567890", 8 digits there; the last 6 digits here.
const RFC_SECRET = base32Encode(Buffer.from("12345678901234567890"));
const VECTORS: [number, string][] = [
  [59, "287082"],
  [1111111109, "081804"],
  [1111111111, "050471"],
  [1234567890, "005924"],
  [2000000000, "279037"],
];

describe("totp", () => {
  it("gives the RFC 6238 codes", () => {
    for (const [seconds, code] of VECTORS) expect(totpCode(RFC_SECRET, stepAt(new Date(seconds * 1000)))).toBe(code);
  });

  it("round-trips base32 and makes 160-bit secrets", () => {
    expect(base32Decode(RFC_SECRET).toString()).toBe("12345678901234567890");
    expect(base32Decode(newTotpSecret())).toHaveLength(20);
  });

  it("accepts the code of this step or one either side, once, and nothing else", () => {
    const now = new Date(1_800_000_000_000);
    const step = stepAt(now);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step), { now })).toBe(step);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), { now })).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 2), { now })).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step), { now, lastStep: step })).toBeNull();
    for (const bad of ["", "12345", "1234567", "abcdef"]) expect(verifyTotp(RFC_SECRET, bad, { now })).toBeNull();
  });

  it("builds the otpauth URI apps read", () => {
    expect(otpauthUri("ABC", "ann@example.test")).toBe("otpauth://totp/Boomerang%3Aann%40example.test?secret=ABC&issuer=Boomerang&algorithm=SHA1&digits=6&period=30");
  });
});
