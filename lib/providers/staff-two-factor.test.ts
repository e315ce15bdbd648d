import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { stepAt, totpCode } from "@/lib/auth/totp";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { confirmTwoFactorEnrolment, disableTwoFactor, startTwoFactorEnrolment } from "@/lib/users/two-factor";
import { addStaff } from "./add-staff";
import { createProvider } from "./create-provider";
import { setStaffTwoFactorRequired, staffTwoFactorMissing } from "./staff-two-factor";
import { z } from "zod";

const PASSWORD = "a-long-password-1";
const short = () => randomUUID().slice(0, 8);

async function person(twoFactor = false) {
  const user = await createUser(db, { email: `s-${short()}@staff2fa.test`, password: PASSWORD });
  if (twoFactor) {
    const { secret } = await startTwoFactorEnrolment(user.id);
    await confirmTwoFactorEnrolment(user.id, { code: totpCode(secret, stepAt(new Date())) });
  }
  return user;
}

describe("owners requiring two-factor sign-in of their staff", () => {
  it("only an owner with two-factor on may require it; then staff without it are stopped until they set it up, and cannot turn it off", async () => {
    const owner = await person();
    const shop = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id });
    const manager = await person();
    await addStaff(db, { providerId: shop.providerId, userId: manager.id, role: "MANAGER" });
    const cashier = await person(true);
    await addStaff(db, { providerId: shop.providerId, userId: cashier.id, role: "CASHIER" });

    await expect(setStaffTwoFactorRequired(db, { providerId: shop.providerId, userId: manager.id, required: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Requiring it without having it would lock the owner out of their own business.
    await expect(setStaffTwoFactorRequired(db, { providerId: shop.providerId, userId: owner.id, required: true })).rejects.toMatchObject({ code: "CONFLICT" });
    const { secret } = await startTwoFactorEnrolment(owner.id);
    await confirmTwoFactorEnrolment(owner.id, { code: totpCode(secret, stepAt(new Date())) });
    expect(await setStaffTwoFactorRequired(db, { providerId: shop.providerId, userId: owner.id, required: true })).toEqual({ required: true, changed: true });
    expect(await db.auditLog.count({ where: { providerId: shop.providerId, action: "provider.staff_two_factor" } })).toBe(1);

    expect(await staffTwoFactorMissing(db, { userId: manager.id, providerId: shop.providerId })).toBe(true);
    expect(await staffTwoFactorMissing(db, { userId: cashier.id, providerId: shop.providerId })).toBe(false);

    // The manager's actions for the business are refused until they set it up.
    const roles = (userId: string, role: "MANAGER" | "CASHIER") => ({ admin: false, staff: [{ providerId: shop.providerId, role, providerName: "Shop" }] });
    const builders = createActionBuilders(async () => ({ id: manager.id, email: "m", name: null, roles: roles(manager.id, "MANAGER") }) as never);
    const act = builders.providerAction(["MANAGER"], z.object({ providerId: z.uuid() }), async () => "done");
    expect(await act({ providerId: shop.providerId })).toMatchObject({ ok: false, error: { code: "FORBIDDEN", message: expect.stringMatching(/two-factor/) } });
    const { secret: managerSecret } = await startTwoFactorEnrolment(manager.id);
    await confirmTwoFactorEnrolment(manager.id, { code: totpCode(managerSecret, stepAt(new Date())) });
    expect(await act({ providerId: shop.providerId })).toEqual({ ok: true, data: "done" });

    // While the business requires it, it stays on.
    await expect(disableTwoFactor(cashier.id, { password: PASSWORD })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
