import type { Metadata } from "next";
import Link from "next/link";
import { Users } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money, PageHeader, buttonVariants } from "@/components/ui";
import { InviteStaffForm } from "@/components/provider/staff/invite-staff-form";
import { PendingInvitations } from "@/components/provider/staff/pending-invitations";
import { StaffTable } from "@/components/provider/staff/staff-table";
import { StaffTwoFactorCard } from "@/components/provider/staff/staff-two-factor-card";
import { db } from "@/lib/db/client";
import { getProgramSettings } from "@/lib/programs/update-program-settings";
import { listInvitations } from "@/lib/providers/list-invitations";
import { listStaff } from "@/lib/providers/list-staff";
import { requireStaff } from "@/lib/providers/require-staff";
import { staffCapCurrencies } from "@/lib/providers/staff-cap-currency";
import { inviteStaffAction, removeStaffAction, revokeInvitationAction, setStaffCapAction, setStaffTwoFactorAction } from "./actions";

export const metadata: Metadata = { title: "Staff" };

const digits = (v: bigint | null) => (v === null ? null : v.toString());

export default async function StaffPage() {
  const { user, provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/staff");
  const program = provider.programs[0];
  const [staff, invitations, currencies, settings, security] = await Promise.all([
    listStaff(db, provider.id),
    listInvitations(db, provider.id),
    staffCapCurrencies(db, provider.id),
    program ? getProgramSettings(db, provider.id, program.id) : null,
    db.provider.findUniqueOrThrow({ where: { id: provider.id }, select: { requireStaffTwoFactor: true } }),
  ]);

  return (
    <div className="space-y-6">
      <PageHeader title="Staff" description={`Who can work on ${provider.name}. Cashiers see only the register; managers run the program; owners also manage staff.`} />
      <InviteStaffForm providerId={provider.id} actorRole={role} currencies={currencies} invite={inviteStaffAction} />
      {staff.length === 0 ? (
        <EmptyState icon={<Users />} title="No staff yet" description="Add someone above to give them access to this business." />
      ) : (
        <StaffTable
          providerId={provider.id}
          currentUserId={user.id}
          actorRole={role}
          currencies={currencies}
          staff={staff.map((s) => ({ ...s, dailyCapMinor: digits(s.dailyCapMinor), dailySpendCapMinor: digits(s.dailySpendCapMinor) }))}
          remove={removeStaffAction}
          setCap={setStaffCapAction}
        />
      )}
      <PendingInvitations
        providerId={provider.id}
        actorRole={role}
        invitations={invitations.map((i) => ({ ...i, dailyCapMinor: digits(i.dailyCapMinor) }))}
        revoke={revokeInvitationAction}
      />
      {settings ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">Program default caps</CardTitle>
            <CardDescription>
              For every cashier without caps of their own above: the most cashback one cashier can issue at the register in a day, and the most members can pay
              with at their till; a sale or a payment that would go over it is refused.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap items-center justify-between gap-3">
            <dl className="flex flex-wrap gap-x-8 gap-y-2">
              <div>
                <dt className="text-sm text-muted-foreground">Issued a day</dt>
                <dd className="text-lg font-semibold">
                  {settings.cashierDailyCapMinor === null ? "No limit" : <Money amountMinor={settings.cashierDailyCapMinor} currency={settings.currency} />}
                </dd>
              </div>
              <div>
                <dt className="text-sm text-muted-foreground">Spent a day</dt>
                <dd className="text-lg font-semibold">
                  {settings.cashierDailySpendCapMinor === null ? "No limit" : <Money amountMinor={settings.cashierDailySpendCapMinor} currency={settings.currency} />}
                </dd>
              </div>
            </dl>
            <Link href="/dashboard/settings" className={buttonVariants({ variant: "outline", size: "sm" })}>
              Change in settings
            </Link>
          </CardContent>
        </Card>
      ) : null}
      {role === "OWNER" ? <StaffTwoFactorCard providerId={provider.id} required={security.requireStaffTwoFactor} setRequired={setStaffTwoFactorAction} /> : null}
    </div>
  );
}