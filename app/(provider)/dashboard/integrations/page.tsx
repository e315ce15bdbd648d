import type { Metadata } from "next";
import Link from "next/link";
import { Plug } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/components/ui";
import { ApiKeys } from "@/components/provider/integrations/api-keys";
import { CopyField } from "@/components/provider/integrations/copy-button";
import { DeliveriesTable } from "@/components/provider/integrations/deliveries-table";
import { GenericRecipe, ShopifySteps, SpendRecipe, WooCommerceSteps } from "@/components/provider/integrations/recipes";
import { ShopSecretForm } from "@/components/provider/integrations/shop-secret-form";
import { SigningSecret } from "@/components/provider/integrations/signing-secret";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { appUrl } from "@/lib/app-url";
import { db } from "@/lib/db/client";
import { getIntegration } from "@/lib/programs/get-integration";
import { listDeliveries } from "@/lib/programs/list-deliveries";
import { requireStaff } from "@/lib/providers/require-staff";
import { createApiKeyAction, revealSecretAction, revokeApiKeyAction, rotateSecretAction, saveShopSecretAction } from "./actions";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const { provider, role } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/integrations");
  const program = provider.programs[0];
  if (!program) {
    return (
      <div className="space-y-6">
        <PageHeader title="Integrations" />
        <EmptyState icon={<Plug />} title="No program yet" description="Create a program first; its endpoints and signing secret appear here." />
      </div>
    );
  }
  const [integration, deliveries, apiKeys] = await Promise.all([
    getIntegration(db, provider.id, program.id),
    listDeliveries(db, provider.id, program.id, 50),
    listApiKeys(db, program.id),
  ]);
  const ref = { providerId: provider.id, programId: program.id };
  const sampleCurrency = program.currency === "PTS" ? "EUR" : program.currency;

  return (
    <div className="space-y-6">
      <PageHeader title="Integrations" description={`Connect your shop to ${integration.programName}: every paid order earns cashback, every refund takes it back.`} />

      <Card>
        <CardHeader>
          <CardTitle as="h2">Program and endpoints</CardTitle>
          <CardDescription>The program id is public. Each endpoint accepts one kind of signed delivery.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Labelled label="Program id">
            <CopyField value={integration.programId} label="Program id" />
          </Labelled>
          <Labelled label="Order events (any backend, Standard Webhooks)">
            <CopyField value={integration.eventsUrl} label="Order events endpoint" />
          </Labelled>
          <Labelled label="Shopify">
            <CopyField value={integration.shopifyUrl} label="Shopify endpoint" />
          </Labelled>
          <Labelled label="WooCommerce">
            <CopyField value={integration.woocommerceUrl} label="WooCommerce endpoint" />
          </Labelled>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Signing secret</CardTitle>
          <CardDescription>Your backend signs every order event with it. Keep it on your server; never put it in a web page or an app.</CardDescription>
        </CardHeader>
        <CardContent>
          <SigningSecret
            {...ref}
            reveal={revealSecretAction}
            rotate={rotateSecretAction}
            previousValidUntil={integration.previousSecretValidUntil?.toISOString() ?? null}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Any backend</CardTitle>
          <CardDescription>Examples filled in with this program&apos;s endpoint; add your signing secret.</CardDescription>
        </CardHeader>
        <CardContent>
          <GenericRecipe url={integration.eventsUrl} currency={sampleCurrency} />
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Shopify</CardTitle>
            <CardDescription>No code needed: Shopify&apos;s own webhooks.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-6">
            <ShopifySteps url={integration.shopifyUrl} />
            <ShopSecretForm
              {...ref}
              shop="shopify"
              label="Shopify signing key"
              fieldLabel="Signing key from Shopify"
              hint="Shown in Shopify under the webhook list."
              isSet={integration.shopifySecretSet}
              save={saveShopSecretAction}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">WooCommerce</CardTitle>
            <CardDescription>No code needed: WooCommerce&apos;s own webhooks.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-6">
            <WooCommerceSteps url={integration.woocommerceUrl} />
            <ShopSecretForm
              {...ref}
              shop="woocommerce"
              label="WooCommerce secret"
              fieldLabel="Webhook secret"
              hint="The secret you typed in the WooCommerce webhook."
              isSet={integration.woocommerceSecretSet}
              save={saveShopSecretAction}
            />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle as="h2">API keys</CardTitle>
          <CardDescription>
            Your checkout uses a key to read a customer&apos;s cashback balance and to take cashback as payment. Send it as{" "}
            <code>Authorization: Bearer bmr_sk_…</code>.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ApiKeys
            {...ref}
            canManage={role === "OWNER"}
            keys={apiKeys.map((k) => ({
              id: k.id,
              name: k.name,
              prefix: k.prefix,
              scopes: k.scopes,
              createdAt: k.createdAt.toISOString(),
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
              revokedAt: k.revokedAt?.toISOString() ?? null,
            }))}
            create={createApiKeyAction}
            revoke={revokeApiKeyAction}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Spend cashback at checkout</CardTitle>
          <CardDescription>Hold, capture, cancel and refund: the same steps as a card payment with manual capture, filled in with this program&apos;s id.</CardDescription>
        </CardHeader>
        <CardContent>
          <SpendRecipe apiBase={appUrl(`/api/v1/programs/${program.id}`)} currency={program.currency} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Webhooks to your systems</CardTitle>
          <CardDescription>
            Hear from Boomerang when cashback is pending, becomes available or is taken back, when cashback is spent or refunded, and when a customer joins:
            signed POSTs to your endpoints, with a delivery log.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Link href="/dashboard/integrations/webhooks" className="text-sm font-medium underline">
            Manage webhooks
          </Link>
        </CardContent>
      </Card>

      <section className="space-y-3">
        <div>
          <h2 className="text-base font-semibold">Latest deliveries</h2>
          <p className="text-sm text-muted-foreground">The last 50 order events that reached this program, with what Boomerang answered.</p>
        </div>
        <DeliveriesTable rows={deliveries} />
      </section>
    </div>
  );
}

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <span className="text-sm font-medium">{label}</span>
      {children}
    </div>
  );
}
