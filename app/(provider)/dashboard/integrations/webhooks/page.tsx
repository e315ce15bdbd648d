import type { Metadata } from "next";
import Link from "next/link";
import { Webhook } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/components/ui";
import { WebhookEndpoints } from "@/components/provider/integrations/webhook-endpoints";
import { WebhookLog, type WebhookLogFilter } from "@/components/provider/integrations/webhook-log";
import { db } from "@/lib/db/client";
import { requireStaff } from "@/lib/providers/require-staff";
import { deliveryLogFilterSchema, listDeliveryAttempts } from "@/lib/webhooks-out/delivery-log";
import { listEndpoints } from "@/lib/webhooks-out/endpoints";
import { EVENT_TYPES } from "@/lib/webhooks-out/events";
import {
  createEndpointAction,
  deleteEndpointAction,
  redeliverFailedAction,
  redeliverMessageAction,
  revealEndpointSecretAction,
  rotateEndpointSecretAction,
  sendTestEventAction,
  setEndpointEnabledAction,
  updateEndpointAction,
} from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

export default async function WebhooksPage({ searchParams }: { searchParams: SearchParams }) {
  const { provider } = await requireStaff(["OWNER", "MANAGER"], "/dashboard/integrations/webhooks");
  const program = provider.programs[0];
  if (!program) {
    return (
      <div className="space-y-6">
        <PageHeader title="Webhooks" />
        <EmptyState icon={<Webhook />} title="No program yet" description="Create a program first; then add endpoints that hear about its rewards, redemptions and members." />
      </div>
    );
  }
  const params = await searchParams;
  // A filter that does not parse (a hand-edited URL) is ignored rather than refused.
  const parsed = deliveryLogFilterSchema.safeParse({ endpointId: one(params.endpoint), type: one(params.event), outcome: one(params.outcome) });
  const filter = parsed.success ? parsed.data : deliveryLogFilterSchema.parse({});
  const [endpoints, attempts] = await Promise.all([listEndpoints(db, program.id), listDeliveryAttempts(db, program.id, filter)]);
  const ref = { providerId: provider.id, programId: program.id };
  const shown: WebhookLogFilter = { endpoint: filter.endpointId ?? "", event: filter.type ?? "", outcome: filter.outcome ?? "" };

  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description={
          <>
            Boomerang tells your systems when {program.name}&apos;s cashback changes: signed POSTs (Standard Webhooks) to your endpoints.{" "}
            <Link className="underline" href="/dashboard/integrations">
              Back to integrations
            </Link>
          </>
        }
      />

      <Card>
        <CardHeader>
          <CardTitle as="h2">Endpoints</CardTitle>
          <CardDescription>
            Each endpoint gets the events you choose, signed with its own <code>whsec_…</code> secret. Any answer other than 2xx within 10 seconds is retried for 3 days;
            then the endpoint is disabled and the owner is e-mailed.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <WebhookEndpoints
            {...ref}
            eventTypes={[...EVENT_TYPES]}
            endpoints={endpoints.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), previousSecretValidUntil: e.previousSecretValidUntil?.toISOString() ?? null }))}
            create={createEndpointAction}
            update={updateEndpointAction}
            setEnabled={setEndpointEnabledAction}
            remove={deleteEndpointAction}
            reveal={revealEndpointSecretAction}
            rotate={rotateEndpointSecretAction}
            sendTest={sendTestEventAction}
          />
        </CardContent>
      </Card>

      <section className="space-y-3">
        <div>
          <h2 className="text-base font-semibold">
            Delivery log
          </h2>
          <p className="text-sm text-muted-foreground">
            Every attempt, newest first, with the answer&apos;s status, how long it took and its first KB. Kept 30 days. Redelivering sends the same
            message again with the same <code>webhook-id</code>.
          </p>
        </div>
        <WebhookLog
          {...ref}
          filter={shown}
          eventTypes={[...EVENT_TYPES, "webhook.test"]}
          endpoints={endpoints.map((e) => ({ id: e.id, url: e.url }))}
          rows={attempts.map((a) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() }))}
          redeliver={redeliverMessageAction}
          redeliverFailed={redeliverFailedAction}
        />
      </section>
    </div>
  );
}
