import type { Metadata } from "next";
import { Settings } from "lucide-react";
import { EmptyState, PageHeader } from "@/components/ui";
import { PublishCard } from "@/components/provider/settings/publish-card";
import { SettingsForm } from "@/components/provider/settings/settings-form";
import { StripeConnectCard } from "@/components/provider/settings/stripe-connect-card";
import { db } from "@/lib/db/client";
import { minorUnitDigits } from "@/lib/money/currency";
import { minorToDecimalString } from "@/lib/money/format";
import { getProgramSettings } from "@/lib/programs/update-program-settings";
import { requireStaff } from "@/lib/providers/require-staff";
import { getConnectStatus, refreshConnectStatus } from "@/lib/providers/stripe-connect";
import { connectStripeAction, setPublishedAction, updateSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Program settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ stripe?: string | string[] }> }) {
  const { provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/settings");
  const back = (await searchParams).stripe;
  const returned = back === "return" || back === "refresh" ? back : null;
  // Back from Stripe's onboarding: ask Stripe now instead of waiting for account.updated.
  const connect = returned === "return" ? await refreshConnectStatus(db, provider.id) : await getConnectStatus(db, provider.id);
  const program = provider.programs[0];
  if (!program) {
    return (
      <div className="space-y-6">
        <PageHeader title="Program settings" />
        <EmptyState icon={<Settings />} title="No program yet" description="Create a program first; its processing settings appear here." />
      </div>
    );
  }
  const settings = await getProgramSettings(db, provider.id, program.id);
  const digits = minorUnitDigits(settings.currency);
  const amount = (v: bigint | null) => (v === null ? "" : minorToDecimalString(v, digits));

  return (
    <div className="space-y-6">
      <PageHeader title="Program settings" description={`How ${settings.name} turns purchases into cashback, and the guards that catch abuse.`} />
      <PublishCard
        providerId={provider.id}
        programId={program.id}
        slug={settings.slug}
        published={settings.published}
        canPublish={role === "OWNER"}
        setPublished={setPublishedAction}
      />
      <StripeConnectCard
        providerId={provider.id}
        state={connect.state}
        payoutsEnabled={connect.payoutsEnabled}
        canConnect={role === "OWNER"}
        returned={returned}
        connect={connectStripeAction}
      />
      <SettingsForm
        providerId={provider.id}
        programId={program.id}
        currency={settings.currency}
        reviewQueue={settings.reviewQueue}
        canCharge={connect.state === "can_accept_charges"}
        initial={{
          processingMode: settings.processingMode,
          holdDays: String(settings.holdDays),
          reviewThreshold: amount(settings.reviewThresholdMinor),
          cashierDailyCap: amount(settings.cashierDailyCapMinor),
          cashierDailySpendCap: amount(settings.cashierDailySpendCapMinor),
          voucherValidityDays: String(settings.voucherValidityDays),
          velocityLimitPerDay: settings.velocityLimitPerDay === null ? "" : String(settings.velocityLimitPerDay),
          membership: settings.membershipPriceMinor === null ? "FREE" : "PAID",
          membershipPrice: amount(settings.membershipPriceMinor),
          membershipInterval: settings.membershipInterval ?? "",
          expiryMonths: settings.expiryMonths === null ? "" : String(settings.expiryMonths),
        }}
        save={updateSettingsAction}
      />
    </div>
  );
}
