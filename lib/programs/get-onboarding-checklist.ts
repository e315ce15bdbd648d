import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { getConnectStatus } from "@/lib/providers/stripe-connect";
import { describePublishBlockers, hasPayingRule, publishBlockers } from "./publish-readiness";
import { shopSecretsSet } from "./shop-secrets";

export type ChecklistItem = {
  key: "branding" | "rules" | "shop" | "staff" | "payments" | "publish";
  label: string;
  description: string;
  href: string;
  done: boolean;
  /** Not needed for the checklist to be complete (Stripe is needed only to charge membership fees). */
  optional?: boolean;
};

/** The first steps of a new business, for the dashboard overview; `complete` once every step is done. */
export async function getOnboardingChecklist(db: DbOrTx, providerId: string) {
  const program = await db.program.findFirst({
    where: { providerId },
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, logoKey: true, description: true, ruleSet: true, ruleVersion: true, shopifyWebhookSecret: true, shopifyWebhookSecretEnc: true, wooWebhookSecret: true, wooWebhookSecretEnc: true, published: true },
  });
  if (!program) return null;
  const [deliveries, staff, invitations, connect] = await Promise.all([
    db.webhookDelivery.count({ where: { programId: program.id }, take: 1 }),
    db.staffMember.count({ where: { providerId } }),
    db.staffInvitation.count({ where: { providerId, acceptedAt: null } }),
    getConnectStatus(db, providerId),
  ]);
  const blockers = publishBlockers(program);
  const items: ChecklistItem[] = [
    { key: "branding", label: "Add your branding", description: "Logo, colours and a few words about your business.", href: "/dashboard/branding", done: program.logoKey !== null || !!program.description?.trim() },
    { key: "rules", label: "Set your cashback rules", description: "How much members earn on each purchase.", href: "/dashboard/rules", done: hasPayingRule(program.ruleSet) },
    { key: "shop", label: "Connect your shop", description: "Send order events from your online shop, Shopify or WooCommerce.", href: "/dashboard/integrations", done: deliveries > 0 || shopSecretsSet(program).shopify || shopSecretsSet(program).woocommerce },
    { key: "staff", label: "Invite your staff", description: "Managers and cashiers for the register.", href: "/dashboard/staff", done: staff > 1 || invitations > 0 },
    {
      key: "payments",
      label: "Connect Stripe",
      description:
        connect.state === "can_accept_charges"
          ? "Your Stripe account can accept membership fees."
          : connect.state === "onboarding_incomplete"
            ? "Onboarding incomplete: finish it to charge membership fees."
            : "Needed only for a paid membership: the fees are paid into it.",
      href: "/dashboard/settings#payments",
      done: connect.state === "can_accept_charges",
      optional: true,
    },
    {
      key: "publish",
      label: "Publish your program page",
      description: blockers.length && !program.published ? describePublishBlockers(blockers) : `Make /p/${program.slug} visible so customers can join.`,
      href: "/dashboard/settings#publish",
      done: program.published,
    },
  ];
  return { programId: program.id, slug: program.slug, items, complete: items.every((i) => i.done || i.optional) };
}

export type OnboardingChecklist = NonNullable<Awaited<ReturnType<typeof getOnboardingChecklist>>>;
