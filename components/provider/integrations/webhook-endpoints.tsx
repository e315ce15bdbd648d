"use client";

import { useState, useTransition } from "react";
import { Eye, EyeOff, Pencil, Plus, Power, RefreshCw, Send, Trash2, Webhook } from "lucide-react";
import { Alert, Badge, Button, EmptyState, Field, Input } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { CopyField, SecretShownOnce } from "./copy-button";

type ProgramRef = { providerId: string; programId: string };
type EndpointRef = ProgramRef & { endpointId: string };
type EndpointFields = { url: string; events: string[]; description?: string };

/** An endpoint as the page shows it: never its secret; dates as ISO strings. */
export type EndpointRow = {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  previousSecretValidUntil: string | null;
  createdAt: string;
};

export interface WebhookEndpointsProps extends ProgramRef {
  endpoints: EndpointRow[];
  eventTypes: string[];
  create: (input: ProgramRef & EndpointFields) => Promise<ActionResult<{ id: string; secret: string }>>;
  update: (input: EndpointRef & EndpointFields) => Promise<ActionResult<{ id: string }>>;
  setEnabled: (input: EndpointRef & { enabled: boolean }) => Promise<ActionResult<{ id: string; enabled: boolean }>>;
  remove: (input: EndpointRef) => Promise<ActionResult<{ id: string }>>;
  reveal: (input: EndpointRef) => Promise<ActionResult<{ secret: string }>>;
  rotate: (input: EndpointRef) => Promise<ActionResult<{ secret: string; previousValidUntil: string }>>;
  sendTest: (input: EndpointRef) => Promise<ActionResult<{ messageId: string; ok: boolean }>>;
}

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

type Errors = { url?: string; events?: string; description?: string; form?: string };

function EndpointForm({
  label,
  eventTypes,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  label: string;
  eventTypes: string[];
  initial?: EndpointFields;
  submitLabel: string;
  onSubmit: (fields: EndpointFields) => Promise<ActionResult<unknown>>;
  onCancel?: () => void;
}) {
  const [url, setUrl] = useState(initial?.url ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [events, setEvents] = useState<ReadonlySet<string>>(new Set(initial?.events ?? eventTypes));
  const [errors, setErrors] = useState<Errors>({});
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (events.size === 0) return setErrors({ events: "Choose at least one event." });
    setErrors({});
    startTransition(async () => {
      const result = await onSubmit({ url: url.trim(), events: eventTypes.filter((e) => events.has(e)), description: description.trim() || undefined });
      if (!result.ok) {
        const field = (["url", "events", "description"] as const).find((f) => f === result.error.field) ?? "form";
        setErrors({ [field]: result.error.message });
        return;
      }
      if (!initial) {
        setUrl("");
        setDescription("");
      }
    });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4 rounded-xl border border-border p-4" aria-label={label}>
      <Field label="Endpoint URL" hint="Where Boomerang POSTs events, e.g. https://example.com/webhooks/boomerang." error={errors.url}>
        <Input value={url} onChange={(e) => setUrl(e.target.value)} inputMode="url" autoComplete="off" placeholder="https://" maxLength={2000} />
      </Field>
      <Field label="Description" hint="Optional, e.g. “CRM” or “Order page”." error={errors.description}>
        <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} autoComplete="off" className="sm:max-w-sm" />
      </Field>
      <fieldset className="flex flex-col gap-2" aria-describedby={errors.events ? `${label}-events-error` : undefined}>
        <legend className="mb-1 text-sm font-medium">Events to send</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {eventTypes.map((type) => (
            <label key={type} className="flex cursor-pointer items-center gap-3">
              <input
                type="checkbox"
                className="size-4 accent-brand"
                checked={events.has(type)}
                onChange={(e) =>
                  setEvents((prev) => {
                    const next = new Set(prev);
                    if (e.target.checked) next.add(type);
                    else next.delete(type);
                    return next;
                  })
                }
              />
              <span className="font-mono text-sm">{type}</span>
            </label>
          ))}
        </div>
        {errors.events ? (
          <p id={`${label}-events-error`} className="text-sm text-danger">
            {errors.events}
          </p>
        ) : null}
      </fieldset>
      {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={pending}>
          {initial ? <Pencil aria-hidden="true" /> : <Plus aria-hidden="true" />} {submitLabel}
        </Button>
        {onCancel ? (
          <Button type="button" variant="outline" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function EndpointSecret({ refs, reveal, rotate, previousValidUntil }: { refs: EndpointRef; reveal: WebhookEndpointsProps["reveal"]; rotate: WebhookEndpointsProps["rotate"]; previousValidUntil: string | null }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      {secret ? (
        <CopyField value={secret} label="Endpoint signing secret" />
      ) : (
        <code className="rounded-lg border border-border bg-surface-muted px-3 py-2 font-mono text-sm text-muted-foreground">whsec_••••••••••••••••••••••••</code>
      )}
      <div className="flex flex-wrap gap-2">
        {secret ? (
          <Button variant="outline" size="sm" onClick={() => setSecret(null)}>
            <EyeOff aria-hidden="true" /> Hide secret
          </Button>
        ) : (
          <Button
            variant="outline"
            size="sm"
            loading={pending}
            onClick={async () => {
              setPending(true);
              const result = await reveal(refs);
              setPending(false);
              if (result.ok) setSecret(result.data.secret);
              else toast.error(result.error.message);
            }}
          >
            <Eye aria-hidden="true" /> Reveal secret
          </Button>
        )}
        <Button variant="outline" size="sm" onClick={() => setConfirming(true)}>
          <RefreshCw aria-hidden="true" /> Rotate secret
        </Button>
      </div>
      {previousValidUntil ? (
        <p className="text-sm text-muted-foreground">The previous secret also signs every message until {when.format(new Date(previousValidUntil))} UTC (a second signature).</p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Rotate this endpoint's secret?"
        description="A new secret signs from now on. For 24 hours the old one signs too (two signatures in webhook-signature), so your receiver can switch without missing an event."
        confirmLabel="Rotate secret"
        onConfirm={async () => {
          const result = await rotate(refs);
          if (!result.ok) throw new Error(result.error.message);
          setSecret(result.data.secret);
          toast.success("New secret issued. The old one signs too for 24 hours.");
        }}
      />
    </div>
  );
}

export function WebhookEndpoints({ providerId, programId, endpoints, eventTypes, create, update, setEnabled, remove, reveal, rotate, sendTest }: WebhookEndpointsProps) {
  const [created, setCreated] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<EndpointRow | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const ref = (endpointId: string): EndpointRef => ({ providerId, programId, endpointId });

  async function run<T>(key: string, action: () => Promise<ActionResult<T>>, done: (data: T) => void) {
    setBusy(key);
    const result = await action();
    setBusy(null);
    if (result.ok) done(result.data);
    else toast.error(result.error.message);
  }

  return (
    <div className="flex flex-col gap-6">
      {created ? (
        <SecretShownOnce title="Copy the signing secret now" value={created} label="New signing secret" onStored={() => setCreated(null)}>
          Your receiver verifies every message with it. Store it on your server; you can reveal it again here, or rotate it.
        </SecretShownOnce>
      ) : null}

      {endpoints.length === 0 ? (
        <EmptyState icon={<Webhook />} title="No endpoints yet" description="Add one to hear about rewards, redemptions and new members as they happen." />
      ) : (
        <ul className="flex flex-col gap-4" aria-label="Webhook endpoints">
          {endpoints.map((e) => (
            <li key={e.id} className="flex flex-col gap-3 rounded-xl border border-border p-4" aria-label={`Endpoint ${e.url}`}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 font-mono text-sm break-all">{e.url}</span>
                {e.enabled ? (
                  <Badge variant="success" dot>
                    Enabled
                  </Badge>
                ) : (
                  <Badge variant="danger" dot>
                    {e.disabledReason === "failing" ? "Disabled: failing for 3 days" : "Disabled"}
                  </Badge>
                )}
              </div>
              {e.description ? <p className="text-sm text-muted-foreground">{e.description}</p> : null}
              <p className="flex flex-wrap gap-1">
                {e.events.map((type) => (
                  <Badge key={type} variant="neutral">
                    {type}
                  </Badge>
                ))}
              </p>
              {editing === e.id ? (
                <EndpointForm
                  label={`Edit endpoint ${e.url}`}
                  eventTypes={eventTypes}
                  initial={{ url: e.url, events: e.events, description: e.description ?? undefined }}
                  submitLabel="Save endpoint"
                  onCancel={() => setEditing(null)}
                  onSubmit={async (fields) => {
                    const result = await update({ ...ref(e.id), ...fields });
                    if (result.ok) {
                      setEditing(null);
                      toast.success("Endpoint saved.");
                    }
                    return result;
                  }}
                />
              ) : null}
              <div className="flex flex-wrap gap-2">
                <Button
                  size="sm"
                  variant="outline"
                  disabled={!e.enabled}
                  loading={busy === `test-${e.id}`}
                  onClick={() =>
                    run(`test-${e.id}`, () => sendTest(ref(e.id)), (d) =>
                      d.ok ? toast.success("Test event delivered: your endpoint answered 2xx.") : toast.error("The test event was not accepted: see the delivery log."),
                    )
                  }
                >
                  <Send aria-hidden="true" /> Send test event
                </Button>
                <Button size="sm" variant="outline" onClick={() => setEditing(editing === e.id ? null : e.id)}>
                  <Pencil aria-hidden="true" /> Edit
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  loading={busy === `power-${e.id}`}
                  onClick={() => run(`power-${e.id}`, () => setEnabled({ ...ref(e.id), enabled: !e.enabled }), (d) => toast.success(d.enabled ? "Endpoint enabled." : "Endpoint disabled: nothing is sent to it."))}
                >
                  <Power aria-hidden="true" /> {e.enabled ? "Disable" : "Enable"}
                </Button>
                <Button size="sm" variant="outline" onClick={() => setDeleting(e)}>
                  <Trash2 aria-hidden="true" /> Delete
                </Button>
              </div>
              <EndpointSecret refs={ref(e.id)} reveal={reveal} rotate={rotate} previousValidUntil={e.previousSecretValidUntil} />
            </li>
          ))}
        </ul>
      )}

      <EndpointForm
        label="Add an endpoint"
        eventTypes={eventTypes}
        submitLabel="Add endpoint"
        onSubmit={async (fields) => {
          const result = await create({ providerId, programId, ...fields });
          if (result.ok) setCreated(result.data.secret);
          return result;
        }}
      />

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title="Delete this endpoint?"
        description={`${deleting?.url ?? ""} stops receiving events at once; its pending messages and delivery log are deleted with it.`}
        confirmLabel="Delete endpoint"
        destructive
        onConfirm={async () => {
          if (!deleting) return;
          const result = await remove(ref(deleting.id));
          if (!result.ok) throw new Error(result.error.message);
          setDeleting(null);
          toast.success("Endpoint deleted.");
        }}
      />
    </div>
  );
}
