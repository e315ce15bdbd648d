import type { Metadata } from "next";
import { Palette } from "lucide-react";
import { EmptyState, PageHeader } from "@/components/ui";
import { BrandingEditor } from "@/components/provider/branding/branding-editor";
import { db } from "@/lib/db/client";
import { describeEarning, membershipLabel, paysIn } from "@/lib/programs/program-page-view";
import { getProgramBranding } from "@/lib/programs/update-program-branding";
import { requireStaff } from "@/lib/providers/require-staff";
import { updateBrandingAction } from "./actions";

export const metadata: Metadata = { title: "Branding" };

export default async function BrandingPage() {
  const { provider, user } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/branding");
  const program = provider.programs[0];
  if (!program) {
    return (
      <div className="space-y-6">
        <PageHeader title="Branding" />
        <EmptyState icon={<Palette />} title="No program yet" description="Create a program first; its logo, colours and business profile are set here." />
      </div>
    );
  }
  const b = await getProgramBranding(db, { providerId: provider.id, programId: program.id, userId: user.id });
  return (
    <div className="space-y-6">
      <PageHeader title="Branding" description="Your logo, colours and business profile, as members see them on your program page." />
      <BrandingEditor
        providerId={provider.id}
        programId={b.id}
        save={updateBrandingAction}
        fixed={{
          name: b.name,
          providerName: b.provider.name,
          slug: b.slug,
          ...describeEarning(b.ruleSet, b.currency),
          membershipLabel: membershipLabel(b.membershipPriceMinor, b.membershipInterval, b.currency),
          paysIn: paysIn(b.currency),
        }}
        published={b.published}
        initialImages={{ logo: b.logoUrl, cover: b.coverUrl }}
        initial={{
          brandColor: b.brandColor,
          description: b.description ?? "",
          address: b.address ?? "",
          contactEmail: b.contactEmail ?? "",
          contactPhone: b.contactPhone ?? "",
          website: b.website ?? "",
          openingHours: b.openingHours ?? "",
          socialLinks: b.socialLinks,
        }}
      />
    </div>
  );
}
