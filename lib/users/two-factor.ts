import { anyEmployerRequiresTwoFactor } from "@/lib/providers/staff-two-factor";
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { db, type DbOrTx } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { newTotpSecret, otpauthUri, verifyTotp } from "@/lib/auth/totp";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { DomainError } from "@/lib/errors";

const RECOVERY_CODES = 10;

/**
 * Whether platform admins must use two-factor sign-in (REQUIRE_ADMIN_2FA=1/0). Default: on in production,
 * off on a demo install (BOOMERANG_DEMO=1) and in development, so the demo admin signs in with a password.
 */
export function adminTwoFactorRequired(): boolean {
  const flag = process.env.REQUIRE_ADMIN_2FA;
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  return process.env.NODE_ENV === "production" && process.env.BOOMERANG_DEMO !== "1";
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.toLowerCase().replace(/[^a-z0-9]/g, "")).digest("hex");
}

function newRecoveryCode(): string {
  const raw = randomBytes(8).toString("hex").slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

export async function twoFactorStatus(userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } } });
  return { enabled: Boolean(user?.totpEnabledAt), recoveryCodesLeft: user?._count.recoveryCodes ?? 0 };
}

/** Step one of enrolment: a new secret (kept encrypted until confirmed), as a QR code and a key to type. */
export async function startTwoFactorEnrolment(userId: string): Promise<{ secret: string; uri: string; qr: string }> {
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { email: true, totpEnabledAt: true } });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  if (user.totpEnabledAt) throw new DomainError("CONFLICT", "Two-factor sign-in is already on. Turn it off first to set up another app.");
  const secret = newTotpSecret();
  await db.user.update({ where: { id: userId }, data: { totpPendingSecret: encryptSecret(secret) } });
  const uri = otpauthUri(secret, user.email);
  return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

/** Step two: a code from the app proves it has the secret; two-factor sign-in is on. Returns the recovery codes, shown once. */
export async function confirmTwoFactorEnrolment(userId: string, input: { code: unknown }, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const code = typeof input.code === "string" ? input.code : "";
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { totpPendingSecret: true, totpEnabledAt: true } });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  if (user.totpEnabledAt) throw new DomainError("CONFLICT", "Two-factor sign-in is already on.");
  if (!user.totpPendingSecret) throw new DomainError("CONFLICT", "Start the set-up again: scan a new QR code.");
  const secret = decryptSecret(user.totpPendingSecret);
  const step = verifyTotp(secret, code, { now });
  if (step === null) throw new DomainError("VALIDATION", "That code is not right. Enter the 6-digit code your app shows now.", { field: "code" });
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: recoveryCodes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
  });
  return { recoveryCodes };
}

/** Turns two-factor sign-in off after checking the password. */
export async function disableTwoFactor(userId: string, input: { password: unknown }): Promise<void> {
  const password = typeof input.password === "string" ? input.password : "";
  if (!password) throw new DomainError("VALIDATION", "Enter your password to confirm.", { field: "password" });
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { passwordHash: true, isAdmin: true } });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  if (!(await verifyPassword(user.passwordHash, password))) throw new DomainError("VALIDATION", "That is not your password.", { field: "password" });
  if (user.isAdmin && adminTwoFactorRequired()) throw new DomainError("FORBIDDEN", "Platform admins must keep two-factor sign-in on.");
  if (await anyEmployerRequiresTwoFactor(db, userId)) throw new DomainError("FORBIDDEN", "A business you work for requires two-factor sign-in: it stays on while you work there.");
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
  });
}

/**
 * Checks a second factor at sign-in: a code from the app (each accepted once) or an unused recovery code
 * (then used up). Claims are conditional updates, so two sign-ins cannot both use the same code.
 */
export async function verifySecondFactor(db: DbOrTx, user: { id: string; totpSecret: string; totpLastStep: number | null }, code: string, now = new Date()): Promise<boolean> {
  const clean = code.trim();
  if (/^\d{3}\s?\d{3}$/.test(clean)) {
    const step = verifyTotp(decryptSecret(user.totpSecret), clean, { now, lastStep: user.totpLastStep });
    if (step === null) return false;
    const claimed = await db.user.updateMany({ where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] }, data: { totpLastStep: step } });
    return claimed.count === 1;
  }
  if (clean.length === 0 || clean.length > 40) return false;
  const used = await db.recoveryCode.updateMany({ where: { userId: user.id, codeHash: hashRecoveryCode(clean), usedAt: null }, data: { usedAt: now } });
  return used.count === 1;
}
