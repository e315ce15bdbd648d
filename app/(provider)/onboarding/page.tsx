import type { Metadata } from "next";
import Link from "next/link";
import { OnboardingSession } from "@/components/provider/onboarding/onboarding-session";
import { AuthCard } from "@/components/shell/auth-card";
import { OnboardingForm } from "@/components/provider/onboarding/onboarding-form";
import { requireUser } from "@/lib/auth/session";
import { checkSlugAction, onboardAction } from "./actions";

export const metadata: Metadata = { title: "Start a cashback program" };

export default async function OnboardingPage() {
  const user = await requireUser("/onboarding");
  const managesOne = user.roles.staff.some((s) => s.role !== "CASHIER");
  return (
    <AuthCard
      title="Start a cashback program"
      description="Name your business and pick your page address. Branding, rules and your shop come next."
      footer={
        managesOne ? (
          <Link href="/dashboard" className="underline underline-offset-2">
            Back to your dashboard
          </Link>
        ) : (
          <Link href="/" className="underline underline-offset-2">
            Not now
          </Link>
        )
      }
    >
      <OnboardingSession>
        <OnboardingForm onboard={onboardAction} checkSlug={checkSlugAction} />
      </OnboardingSession>
    </AuthCard>
  );
}
