import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { PageHeader, buttonVariants } from "@/components/ui";
import { PreferencesForm } from "@/components/consumer/notifications/preferences-form";
import { requireUser } from "@/lib/auth/session";
import { getPreferences } from "@/lib/notifications/get-preferences";
import { setPreferenceAction } from "../actions";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const user = await requireUser("/wallet/notifications/settings");
  const preferences = await getPreferences(user.id);
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <Link href="/wallet/notifications" className={buttonVariants({ variant: "ghost", size: "sm", className: "-ml-2" })}>
        <ArrowLeft aria-hidden /> Notifications
      </Link>
      <PageHeader title="Notification settings" description={`Choose what you hear about, in the app and by e-mail to ${user.email}.`} />
      <PreferencesForm initial={preferences} save={setPreferenceAction} />
    </div>
  );
}
