import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardContent, PageHeader, buttonVariants } from "@/components/ui";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ForgetCardOnSignOut } from "@/components/consumer/profile/forget-card-on-sign-out";
import { DeleteAccount } from "@/components/consumer/profile/delete-account";
import { MembershipList } from "@/components/consumer/profile/membership-list";
import { NameForm } from "@/components/consumer/profile/name-form";
import { PasswordForm } from "@/components/consumer/profile/password-form";
import { SecurityCard } from "@/components/consumer/profile/security-card";
import { TwoFactorCard } from "@/components/consumer/profile/two-factor-card";
import { requireUser } from "@/lib/auth/session";
import { getProfile } from "@/lib/users/get-profile";
import { listRenewals } from "@/lib/memberships/renew-or-end";
import { listSignIns } from "@/lib/users/list-sign-ins";
import { adminTwoFactorRequired, twoFactorStatus } from "@/lib/users/two-factor";
import { anyEmployerRequiresTwoFactor } from "@/lib/providers/staff-two-factor";
import { db } from "@/lib/db/client";
import { changePasswordAction, deleteAccountAction, leaveProgramAction, rejoinProgramAction, setRenewalAction, requestEmailChangeAction, signOutEverywhereAction, updateNameAction, startTwoFactorAction, confirmTwoFactorAction, disableTwoFactorAction } from "./actions";

export const metadata: Metadata = { title: "Profile" };

// No loading.tsx here: the page renders in one piece, so its sign-out form works before (or without) JavaScript.

export default async function ProfilePage() {
  const user = await requireUser("/wallet/profile");
  const [profile, signIns, twoFactor, employerRequires, renewals] = await Promise.all([
    getProfile(user.id),
    listSignIns(user.id, user.sessionId),
    twoFactorStatus(user.id),
    anyEmployerRequiresTwoFactor(db, user.id),
    listRenewals(user.id),
  ]);
  if (!profile) notFound();
  const renewalOf = (memberId: string) => {
    const r = renewals.find((x) => x.memberId === memberId);
    return r ? { periodEnd: r.periodEnd.toISOString(), endsAtPeriodEnd: r.endsAtPeriodEnd } : null;
  };
  const memberships = profile.memberships.map((m) => ({
    memberId: m.memberId,
    status: m.status,
    programName: m.programName,
    programSlug: m.programSlug,
    currency: m.currency,
    available: m.balances.available.toString(),
    pending: m.balances.pending.toString(),
    held: m.balances.held.toString(),
    paid: m.paid,
    paying: m.paying,
    renewal: renewalOf(m.memberId),
  }));
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader title="Profile" description="Your details, password, sign-ins and programs." />
      <NameForm name={profile.name} email={profile.email} updateName={updateNameAction} requestEmailChange={requestEmailChangeAction} />
      <PasswordForm changePassword={changePasswordAction} />
      <TwoFactorCard
        enabled={twoFactor.enabled}
        recoveryCodesLeft={twoFactor.recoveryCodesLeft}
        required={(user.roles.admin && adminTwoFactorRequired()) || employerRequires}
        start={startTwoFactorAction}
        confirm={confirmTwoFactorAction}
        disable={disableTwoFactorAction} />
      <SecurityCard signIns={signIns.map((s) => ({ ...s, at: s.at.toISOString() }))} signOutEverywhere={signOutEverywhereAction} />
      <MembershipList memberships={memberships} leave={leaveProgramAction} rejoin={rejoinProgramAction} setRenewal={setRenewalAction} />
      <Card data-testid="sign-out">
        <CardContent className="flex items-center justify-between gap-4 p-5 sm:p-6">
          <div className="min-w-0">
            <h2 className="font-semibold">Sign out</h2>
            <p className="text-sm text-muted-foreground">Of this device. Your other sign-ins stay open.</p>
          </div>
          <SignOutButton className={buttonVariants({ variant: "outline", className: "shrink-0" })} />
          <ForgetCardOnSignOut />
        </CardContent>
      </Card>
      <DeleteAccount
        memberships={memberships}
        deleteAccount={deleteAccountAction}
        blockedReason={profile.isStaff || profile.isAdmin ? "This account works for a business or the platform. Ask to be removed from that role before deleting it." : null} />
    </div>
  );
}
