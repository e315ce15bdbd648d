import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { staffTwoFactorMissing } from "./staff-two-factor";
import { requireUser, type SessionUser } from "@/lib/auth/session";
import { homeFor } from "@/lib/auth/roles";
import type { StaffRole } from "@/lib/db/generated/enums";

export const PROVIDER_COOKIE = "boomerang_provider";

/**
 * For provider pages: the signed-in staff member, the business they are working on (the one chosen in the
 * switcher cookie when they belong to it, else their first) and their role there. Anyone else is sent home.
 */
export async function requireStaff(allowed: readonly StaffRole[], path: string) {
  const user: SessionUser = await requireUser(path);
  const grants = user.roles.staff.filter((s) => allowed.includes(s.role));
  const chosen = (await cookies()).get(PROVIDER_COOKIE)?.value;
  const grant = grants.find((g) => g.providerId === chosen) ?? grants[0];
  if (!grant) redirect(homeFor(user.roles));
  const provider = await db.provider.findUniqueOrThrow({
    where: { id: grant.providerId },
    select: { id: true, name: true, slug: true, status: true, suspendedReason: true, programs: { select: { id: true, name: true, slug: true, currency: true, brandColor: true }, orderBy: { createdAt: "asc" } } },
  });
  // The owner requires two-factor sign-in of the staff: whoever has not set it up does that first.
  if (await staffTwoFactorMissing(db, { userId: user.id, providerId: grant.providerId })) redirect("/wallet/profile?twoFactor=required");
  return { user, provider, role: grant.role };
}
