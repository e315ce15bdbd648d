import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { DigestPreview } from "@/components/provider/digest/digest-preview";
import { DigestSettingsForm } from "@/components/provider/digest/digest-settings-form";
import { db } from "@/lib/db/client";
import { getDailyDigest } from "@/lib/digest/get-daily-digest";
import { getDigestSettings } from "@/lib/digest/digest-settings";
import { formatSendTime, localDate, previousDate } from "@/lib/digest/time-zone";
import { requireStaff } from "@/lib/providers/require-staff";
import { setDigestSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Daily digest" };

export default async function DigestPage() {
  const { user, provider } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/digest");
  const settings = await getDigestSettings(db, { userId: user.id, providerId: provider.id });
  // The preview is exactly what the next e-mail would say if it were sent now: yesterday in the person's zone.
  const digest = await getDailyDigest(db, { providerId: provider.id, day: previousDate(localDate(new Date(), settings.timeZone)), timeZone: settings.timeZone });
  const zones = Intl.supportedValuesOf("timeZone");

  return (
    <div className="space-y-6">
      <PageHeader title="Daily digest" description="A short e-mail each morning: yesterday's orders, cashback and anything that needs you." />
      <DigestSettingsForm
        providerId={provider.id}
        initial={{ enabled: settings.enabled, timeZone: settings.timeZone, sendTime: formatSendTime(settings.sendMinute) }}
        zones={zones}
        save={setDigestSettingsAction}
      />
      <DigestPreview digest={digest} />
    </div>
  );
}
