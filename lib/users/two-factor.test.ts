import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticate, TWO_FACTOR_REQUIRED, TWO_FACTOR_WRONG } from "@/lib/auth/authenticate";
import { recordFailures } from "@/lib/auth/throttle";
import { stepAt, totpCode } from "@/lib/auth/totp";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { createUser } from "./create-user";
import { adminTwoFactorRequired, confirmTwoFactorEnrolment, disableTwoFactor, startTwoFactorEnrolment, twoFactorStatus } from "./two-factor";

const PASSWORD = "a-long-password-1";

async function enrolled() {
  const email = `t-${randomUUID().slice(0, 8)}@totp.test`;
  const user = await createUser(db, { email, password: PASSWORD });
  const { secret, uri, qr } = await startTwoFactorEnrolment(user.id);
  const step = stepAt(new Date());
  const { recoveryCodes } = await confirmTwoFactorEnrolment(user.id, { code: totpCode(secret, step) });
  return { id: user.id, email, secret, uri, qr, step, recoveryCodes };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("two-factor sign-in (TOTP)", () => {
  it("enrols with a QR code and a key, confirmed by a code; the secret is stored encrypted and recovery codes hashed", async () => {
    const email = `t-${randomUUID().slice(0, 8)}@totp.test`;
    const user = await createUser(db, { email, password: PASSWORD });
    const { secret, uri, qr } = await startTwoFactorEnrolment(user.id);
    expect(uri).toContain(`secret=${secret}`);
    expect(qr).toMatch(/^data:image\/png;base64,/);
    expect(await refusal(confirmTwoFactorEnrolment(user.id, { code: "000000" === totpCode(secret, stepAt(new Date())) ? "111111" : "000000" }))).toMatchObject({ code: "VALIDATION", field: "code" });
    expect((await twoFactorStatus(user.id)).enabled).toBe(false);
    const { recoveryCodes } = await confirmTwoFactorEnrolment(user.id, { code: totpCode(secret, stepAt(new Date())) });
    expect(recoveryCodes).toHaveLength(10);
    expect(await twoFactorStatus(user.id)).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpSecret).toMatch(/^v1:/);
    expect(row.totpSecret).not.toContain(secret);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.some((r) => recoveryCodes.some((c) => r.codeHash.includes(c.replace("-", ""))))).toBe(false);
  });

  it("asks for the code after the right password, refuses a wrong or replayed one, accepts the current one", async () => {
    const u = await enrolled();
    expect((await refusal(authenticate({ email: u.email, password: PASSWORD, ip: "10.6.0.1" }))).message).toBe(TWO_FACTOR_REQUIRED);
    expect(await authenticate({ email: u.email, password: "wrong-password", ip: "10.6.0.1", code: totpCode(u.secret, u.step + 1) })).toBeNull();
    expect((await refusal(authenticate({ email: u.email, password: PASSWORD, ip: "10.6.0.1", code: "12345" }))).message).toBe(TWO_FACTOR_WRONG);
    // The code that confirmed enrolment was used once already.
    expect((await refusal(authenticate({ email: u.email, password: PASSWORD, ip: "10.6.0.1", code: totpCode(u.secret, u.step) }))).message).toBe(TWO_FACTOR_WRONG);
    const next = totpCode(u.secret, u.step + 1);
    expect((await authenticate({ email: u.email, password: PASSWORD, ip: "10.6.0.1", code: next }))?.id).toBe(u.id);
    expect((await refusal(authenticate({ email: u.email, password: PASSWORD, ip: "10.6.0.1", code: next }))).message).toBe(TWO_FACTOR_WRONG);
  });

  it("a recovery code signs in once", async () => {
    const u = await enrolled();
    const [code] = u.recoveryCodes;
    expect((await authenticate({ email: u.email, password: PASSWORD, ip: "10.6.1.1", code: code!.toUpperCase() }))?.id).toBe(u.id);
    expect((await refusal(authenticate({ email: u.email, password: PASSWORD, ip: "10.6.1.1", code }))).message).toBe(TWO_FACTOR_WRONG);
    expect((await twoFactorStatus(u.id)).recoveryCodesLeft).toBe(9);
  });

  it("passing the second factor is never held back by someone else's failures for the e-mail", async () => {
    const u = await enrolled();
    for (let i = 0; i < 12; i++) await recordFailures(db, [`email:${u.email}`]);
    expect((await refusal(authenticate({ email: u.email, password: PASSWORD, ip: "10.6.2.1" }))).code).toBe("RATE_LIMITED");
    // While held back, a wrong password or code gives the generic answer (it must not confirm the password).
    expect(await authenticate({ email: u.email, password: PASSWORD, ip: "10.6.2.1", code: "zzzzz-zzzzz" })).toBeNull();
    expect((await authenticate({ email: u.email, password: PASSWORD, ip: "10.6.2.1", code: u.recoveryCodes[1] }))?.id).toBe(u.id);
  });

  it("turning it off needs the password; platform admins must keep it when REQUIRE_ADMIN_2FA is on", async () => {
    const u = await enrolled();
    expect(await refusal(disableTwoFactor(u.id, { password: "wrong-password" }))).toMatchObject({ code: "VALIDATION", field: "password" });
    await disableTwoFactor(u.id, { password: PASSWORD });
    expect(await twoFactorStatus(u.id)).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect(await authenticate({ email: u.email, password: PASSWORD, ip: "10.6.3.1" })).not.toBeNull();

    const admin = await enrolled();
    await db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
    vi.stubEnv("REQUIRE_ADMIN_2FA", "1");
    expect((await refusal(disableTwoFactor(admin.id, { password: PASSWORD }))).code).toBe("FORBIDDEN");
  });

  it("REQUIRE_ADMIN_2FA defaults on in production and off on a demo install and in development", () => {
    vi.stubEnv("REQUIRE_ADMIN_2FA", "");
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("BOOMERANG_DEMO", "");
    expect(adminTwoFactorRequired()).toBe(true);
    vi.stubEnv("BOOMERANG_DEMO", "1");
    expect(adminTwoFactorRequired()).toBe(false);
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("BOOMERANG_DEMO", "");
    expect(adminTwoFactorRequired()).toBe(false);
    vi.stubEnv("REQUIRE_ADMIN_2FA", "1");
    expect(adminTwoFactorRequired()).toBe(true);
  });
});
