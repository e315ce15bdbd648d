"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { CURRENCIES } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";
import { inviteStaff } from "@/lib/providers/invite-staff";
import { removeStaff } from "@/lib/providers/remove-staff";
import { revokeInvitation } from "@/lib/providers/revoke-invitation";
import { setStaffCap } from "@/lib/providers/set-staff-cap";
import { setStaffTwoFactorRequired } from "@/lib/providers/staff-two-factor";
import { staffCapCurrency } from "@/lib/providers/staff-cap-currency";

const capCurrency = z.enum(CURRENCIES, { error: "Choose a currency" }).optional();

/** A cap as typed ("50", "50.00") in its currency (one of the business's programs'; the first by default); empty means none. */
async function parseCap(providerId: string, text: string | undefined, asked: string | undefined, field = "dailyCap"): Promise<bigint | null> {
  if (!text || text.trim() === "") return null;
  const currency = await staffCapCurrency(db, providerId, asked, `${field}Currency`);
  const value = parseAmountInput(text, currency);
  if (value === null) throw new DomainError("VALIDATION", currency === "PTS" ? "Enter a whole number of points, or leave it empty" : "Enter an amount like 50.00, or leave it empty", { field });
  return value;
}

// Who may grant, revoke, cap or remove which role is decided in lib, against the database.
export const inviteStaffAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({
    providerId: z.uuid(),
    email: z.email("Enter an e-mail address"),
    role: z.enum(["OWNER", "MANAGER", "CASHIER"], { error: "Choose a role" }),
    dailyCap: z.string().max(20).optional(),
    dailyCapCurrency: capCurrency,
  }),
  async (input, { providerId, user }) => {
    const dailyCapMinor = await parseCap(providerId, input.dailyCap, input.dailyCapCurrency);
    const result = await inviteStaff(db, { providerId, email: input.email, role: input.role, dailyCapMinor, dailyCapCurrency: input.dailyCapCurrency, actor: { userId: user.id } });
    revalidatePath("/dashboard/staff");
    return result;
  },
);

export const removeStaffAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({ providerId: z.uuid(), userId: z.uuid() }),
  async (input, { providerId, user }) => {
    const result = await removeStaff(db, { providerId, userId: input.userId, actor: { userId: user.id } });
    revalidatePath("/dashboard/staff");
    return result;
  },
);

export const revokeInvitationAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({ providerId: z.uuid(), invitationId: z.uuid() }),
  async (input, { providerId, user }) => {
    const result = await revokeInvitation(db, { providerId, invitationId: input.invitationId, actor: { userId: user.id } });
    revalidatePath("/dashboard/staff");
    return result;
  },
);

export const setStaffCapAction = providerAction(
  ["OWNER", "MANAGER"],
  // A cap left out stays as it is; an empty one is cleared (the program's default applies).
  z.object({
    providerId: z.uuid(),
    userId: z.uuid(),
    dailyCap: z.string().max(20).optional(),
    dailyCapCurrency: capCurrency,
    dailySpendCap: z.string().max(20).optional(),
    dailySpendCapCurrency: capCurrency,
  }),
  async (input, { providerId, user }) => {
    const dailyCapMinor = input.dailyCap === undefined ? undefined : await parseCap(providerId, input.dailyCap, input.dailyCapCurrency);
    const dailySpendCapMinor = input.dailySpendCap === undefined ? undefined : await parseCap(providerId, input.dailySpendCap, input.dailySpendCapCurrency, "dailySpendCap");
    const result = await setStaffCap(db, {
      providerId,
      userId: input.userId,
      dailyCapMinor,
      dailyCapCurrency: input.dailyCapCurrency,
      dailySpendCapMinor,
      dailySpendCapCurrency: input.dailySpendCapCurrency,
      actor: { userId: user.id },
    });
    revalidatePath("/dashboard/staff");
    const digits = (v: bigint | null) => (v === null ? null : v.toString());
    return { userId: result.userId, dailyCapMinor: digits(result.dailyCapMinor), dailySpendCapMinor: digits(result.dailySpendCapMinor) };
  },
);

export const setStaffTwoFactorAction = providerAction(
  ["OWNER"],
  z.object({ providerId: z.uuid(), required: z.boolean() }),
  async (input, { providerId, user }) => {
    const result = await setStaffTwoFactorRequired(db, { providerId, userId: user.id, required: input.required });
    revalidatePath("/dashboard/staff");
    return result;
  },
);
