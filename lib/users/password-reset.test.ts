import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { checkSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { redactExpiredEmails, REDACTED_BODY } from "@/lib/email/send-email";
import { DomainError } from "@/lib/errors";
import { createUser } from "./create-user";
import { requestPasswordReset } from "./request-password-reset";
import { passwordResetIsValid, resetPassword } from "./reset-password";

const PASSWORD = "a-long-password-1";
const NEW_PASSWORD = "a-brand-new-password";

async function person() {
  const email = `r-${randomUUID().slice(0, 8)}@reset.test`;
  const user = await createUser(db, { email, password: PASSWORD });
  return { id: user.id, email };
}

async function linkIn(email: string): Promise<{ token: string; id: string }> {
  const message = await db.emailMessage.findFirstOrThrow({ where: { to: email, subject: "Reset your Boomerang password" }, orderBy: { createdAt: "desc" } });
  const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
  if (!token) throw new Error("no link in the e-mail");
  return { token, id: message.id };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("password reset", () => {
  it("a reset link works once, sets the new password and ends every open session", async () => {
    const p = await person();
    const session = await authenticate({ email: p.email, password: PASSWORD, ip: "10.4.0.1" });
    await requestPasswordReset({ email: p.email, ip: "10.4.0.1" });
    const { token } = await linkIn(p.email);
    expect(await passwordResetIsValid(token)).toBe(true);
    expect(await resetPassword({ token, password: NEW_PASSWORD })).toEqual({ email: p.email });
    expect(await checkSession(db, { sub: p.id, sid: session?.sessionId, sv: session?.sessionVersion })).toBeNull();
    expect(await authenticate({ email: p.email, password: PASSWORD, ip: "10.4.0.2" })).toBeNull();
    expect(await authenticate({ email: p.email, password: NEW_PASSWORD, ip: "10.4.0.2" })).not.toBeNull();
    expect(await passwordResetIsValid(token)).toBe(false);
    expect((await refusal(resetPassword({ token, password: "yet-another-password" }))).code).toBe("NOT_FOUND");
  });

  it("does not reveal whether an address has an account: the same answer, nothing sent for an unknown one", async () => {
    const p = await person();
    const ghost = `ghost-${randomUUID().slice(0, 8)}@reset.test`;
    expect(await requestPasswordReset({ email: p.email, ip: "10.4.1.1" })).toBeUndefined();
    expect(await requestPasswordReset({ email: ghost, ip: "10.4.1.1" })).toBeUndefined();
    expect(await db.emailMessage.count({ where: { to: p.email } })).toBe(1);
    expect(await db.emailMessage.count({ where: { to: ghost } })).toBe(0);
  });

  it("rate-limits reset requests per address whether or not it has an account", async () => {
    const p = await person();
    for (const email of [p.email, `nobody-${randomUUID().slice(0, 8)}@reset.test`]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset({ email, ip: `10.4.2.${i}` });
      expect((await refusal(requestPasswordReset({ email, ip: "10.4.2.9" }))).code).toBe("RATE_LIMITED");
    }
  });

  it("refuses an expired link (30 minutes) and a replaced one, and bad input by naming the field", async () => {
    const p = await person();
    await requestPasswordReset({ email: p.email, ip: "10.4.3.1" });
    const first = await linkIn(p.email);
    const row = await db.passwordReset.findFirstOrThrow({ where: { userId: p.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 60 * 1000);
    await requestPasswordReset({ email: p.email, ip: "10.4.3.1" });
    const second = await linkIn(p.email);
    expect((await refusal(resetPassword({ token: first.token, password: NEW_PASSWORD }))).code).toBe("NOT_FOUND");

    const short = await refusal(resetPassword({ token: second.token, password: "short" }));
    expect(short).toMatchObject({ code: "VALIDATION", field: "password" });
    expect(await passwordResetIsValid(second.token)).toBe(true);
    expect(await refusal(requestPasswordReset({ email: "not an e-mail", ip: "10.4.3.1" }))).toMatchObject({ code: "VALIDATION", field: "email" });
    for (const token of [undefined, "", 42, "x".repeat(5000)]) expect((await refusal(resetPassword({ token, password: NEW_PASSWORD }))).code).toBe("NOT_FOUND");

    await db.passwordReset.updateMany({ where: { userId: p.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await refusal(resetPassword({ token: second.token, password: NEW_PASSWORD }))).code).toBe("NOT_FOUND");
    expect(await authenticate({ email: p.email, password: PASSWORD, ip: "10.4.3.2" })).not.toBeNull();
  });

  it("the stored e-mail keeps its live link only until the link is used or expires", async () => {
    const used = await person();
    await requestPasswordReset({ email: used.email, ip: "10.4.4.1" });
    const a = await linkIn(used.email);
    await resetPassword({ token: a.token, password: NEW_PASSWORD });
    const afterUse = await db.emailMessage.findUniqueOrThrow({ where: { id: a.id } });
    expect(afterUse.text).toBe(REDACTED_BODY);
    expect(afterUse.text).not.toContain(a.token);

    const expired = await person();
    await requestPasswordReset({ email: expired.email, ip: "10.4.4.1" });
    const b = await linkIn(expired.email);
    const message = await db.emailMessage.findUniqueOrThrow({ where: { id: b.id } });
    expect(message.sensitiveUntil).not.toBeNull();
    await redactExpiredEmails(db, new Date(message.sensitiveUntil!.getTime() + 1));
    expect((await db.emailMessage.findUniqueOrThrow({ where: { id: b.id } })).text).toBe(REDACTED_BODY);
  });
});
