"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { db, inTransaction } from "@/lib/db/client";
import { requireProviderProgram } from "@/lib/programs/get-integration";
import { redeliverFailed, redeliverMessage, sendTestEvent } from "@/lib/webhooks-out/delivery-log";
import { createEndpoint, deleteEndpoint, revealEndpointSecret, rotateEndpointSecret, setEndpointEnabled, updateEndpoint } from "@/lib/webhooks-out/endpoints";
import { EVENT_TYPES } from "@/lib/webhooks-out/events";

// Whoever manages integrations today (owners and managers) manages the program's webhook endpoints. The
// builder checks the session's role; requireProviderProgram re-checks the program belongs to the provider,
// and every lib function scopes the endpoint or message by that program.
const EDITORS = ["OWNER", "MANAGER"] as const;
const PATH = "/dashboard/integrations/webhooks";
const program = z.object({ providerId: z.uuid(), programId: z.uuid() });
const endpoint = program.extend({ endpointId: z.uuid() });
const fields = {
  url: z.string().trim().min(1, "Enter the URL").max(2000, "That URL is too long (at most 2000 characters)"),
  events: z.array(z.enum(EVENT_TYPES, { error: "Unknown event type" })).min(1, "Choose at least one event"),
  description: z.string().trim().max(200, "Keep the description under 200 characters").optional(),
};

type Who = { providerId: string; user: { id: string } };

async function audited<T>(who: Who, programId: string, action: string, target: string, run: () => Promise<T>, after?: (result: T) => Record<string, unknown>): Promise<T> {
  await requireProviderProgram(db, who.providerId, programId);
  const result = await run();
  await inTransaction(db, (tx) =>
    recordAudit(tx, { actor: { type: "USER", id: who.user.id }, action, providerId: who.providerId, programId, target: { type: "webhook_endpoint", id: target }, after: after?.(result) }),
  );
  revalidatePath(PATH);
  return result;
}

export const createEndpointAction = providerAction(EDITORS, program.extend(fields), async ({ programId, url, events, description }, who) => {
  await requireProviderProgram(db, who.providerId, programId);
  const created = await createEndpoint(db, programId, { url, events, description, createdById: who.user.id });
  await inTransaction(db, (tx) =>
    recordAudit(tx, { actor: { type: "USER", id: who.user.id }, action: "program.webhook_endpoint.create", providerId: who.providerId, programId, target: { type: "webhook_endpoint", id: created.id }, after: { url: created.url, events: created.events } }),
  );
  revalidatePath(PATH);
  return { id: created.id, secret: created.secret };
});

export const updateEndpointAction = providerAction(EDITORS, endpoint.extend(fields), async ({ programId, endpointId, url, events, description }, who) =>
  audited(who, programId, "program.webhook_endpoint.update", endpointId, async () => {
    const updated = await updateEndpoint(db, programId, endpointId, { url, events, description });
    return { id: updated.id, url: updated.url, events: updated.events };
  }, (r) => ({ url: r.url, events: r.events })),
);

export const setEndpointEnabledAction = providerAction(EDITORS, endpoint.extend({ enabled: z.boolean() }), async ({ programId, endpointId, enabled }, who) =>
  audited(who, programId, enabled ? "program.webhook_endpoint.enable" : "program.webhook_endpoint.disable", endpointId, async () => {
    const updated = await setEndpointEnabled(db, programId, endpointId, enabled);
    return { id: updated.id, enabled: updated.enabled };
  }),
);

export const deleteEndpointAction = providerAction(EDITORS, endpoint, async ({ programId, endpointId }, who) =>
  audited(who, programId, "program.webhook_endpoint.delete", endpointId, () => deleteEndpoint(db, programId, endpointId)),
);

export const revealEndpointSecretAction = providerAction(EDITORS, endpoint, async ({ programId, endpointId }, { providerId }) => {
  await requireProviderProgram(db, providerId, programId);
  return revealEndpointSecret(db, programId, endpointId);
});

export const rotateEndpointSecretAction = providerAction(EDITORS, endpoint, async ({ programId, endpointId }, who) =>
  audited(who, programId, "program.webhook_endpoint.rotate_secret", endpointId, async () => {
    const rotated = await rotateEndpointSecret(db, programId, endpointId);
    return { secret: rotated.secret, previousValidUntil: rotated.previousValidUntil.toISOString() };
  }, (r) => ({ previousValidUntil: r.previousValidUntil })),
);

export const sendTestEventAction = providerAction(EDITORS, endpoint, async ({ programId, endpointId }, { providerId }) => {
  await requireProviderProgram(db, providerId, programId);
  const sent = await sendTestEvent(db, programId, endpointId);
  revalidatePath(PATH);
  return sent;
});

export const redeliverMessageAction = providerAction(EDITORS, program.extend({ messageId: z.string().min(1).max(100) }), async ({ programId, messageId }, { providerId }) => {
  await requireProviderProgram(db, providerId, programId);
  const sent = await redeliverMessage(db, programId, messageId);
  revalidatePath(PATH);
  return sent;
});

export const redeliverFailedAction = providerAction(
  EDITORS,
  program.extend({ endpointId: z.uuid().optional(), from: z.iso.date("Enter a start date"), to: z.iso.date("Enter an end date") }),
  async ({ programId, endpointId, from, to }, { providerId }) => {
    await requireProviderProgram(db, providerId, programId);
    // Whole days, UTC: from the start of `from` to the end of `to`.
    const queued = await redeliverFailed(db, programId, { endpointId, from: `${from}T00:00:00.000Z`, to: `${to}T23:59:59.999Z` });
    revalidatePath(PATH);
    return queued;
  },
);
