"use client";

import { useState, useTransition } from "react";
import { Inbox, RotateCcw } from "lucide-react";
import { Alert, Badge, Button, EmptyState, Field, Input, Select, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { DeliveryAttemptRow } from "@/lib/webhooks-out/delivery-log";

type ProgramRef = { providerId: string; programId: string };

/** One attempt as the page shows it (lib/webhooks-out/delivery-log.ts), its date as an ISO string. */
export type WebhookAttemptRow = Omit<DeliveryAttemptRow, "createdAt"> & { createdAt: string };

export type WebhookLogFilter = { endpoint: string; event: string; outcome: string };

export interface WebhookLogProps extends ProgramRef {
  rows: WebhookAttemptRow[];
  filter: WebhookLogFilter;
  eventTypes: string[];
  endpoints: { id: string; url: string }[];
  redeliver: (input: ProgramRef & { messageId: string }) => Promise<ActionResult<{ messageId: string; ok: boolean }>>;
  redeliverFailed: (input: ProgramRef & { endpointId?: string; from: string; to: string }) => Promise<ActionResult<{ queued: number }>>;
}

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export function WebhookLog({ providerId, programId, rows, filter, eventTypes, endpoints, redeliver, redeliverFailed }: WebhookLogProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [from, setFrom] = useState(daysAgo(3));
  const [to, setTo] = useState(today());
  const [bulkError, setBulkError] = useState<string | null>(null);
  const [bulkPending, startBulk] = useTransition();

  async function again(messageId: string) {
    setBusy(messageId);
    const result = await redeliver({ providerId, programId, messageId });
    setBusy(null);
    if (!result.ok) toast.error(result.error.message);
    else if (result.data.ok) toast.success("Redelivered: your endpoint answered 2xx.");
    else toast.error("Redelivered, but your endpoint did not answer 2xx; it will be retried.");
  }

  return (
    <div className="flex flex-col gap-4">
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the delivery log">
        <Field label="Endpoint" className="min-w-48">
          <Select name="endpoint" defaultValue={filter.endpoint}>
            <option value="">All endpoints</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.url}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Event" className="min-w-48">
          <Select name="event" defaultValue={filter.event}>
            <option value="">All events</option>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Outcome" className="min-w-40">
          <Select name="outcome" defaultValue={filter.outcome}>
            <option value="">Any outcome</option>
            <option value="succeeded">Succeeded</option>
            <option value="failed">Failed</option>
          </Select>
        </Field>
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>

      {rows.length === 0 ? (
        <EmptyState icon={<Inbox />} title="No deliveries" description="Attempts to your endpoints show up here, with what they answered." />
      ) : (
        <Table label="Delivery log">
          <THead>
            <TR>
              <TH>Time (UTC)</TH>
              <TH>Event</TH>
              <TH>Endpoint</TH>
              <TH numeric>Attempt</TH>
              <TH>Outcome</TH>
              <TH numeric>HTTP</TH>
              <TH numeric>Latency</TH>
              <TH>Answer</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {rows.map((a) => (
              <TR key={a.id}>
                <TD className="whitespace-nowrap">
                  <time dateTime={a.createdAt}>{time.format(new Date(a.createdAt))}</time>
                </TD>
                <TD>
                  <span className="font-mono text-xs">{a.type}</span>
                  <span className="block font-mono text-xs text-muted-foreground">{a.messageId}</span>
                </TD>
                <TD className="max-w-48 truncate font-mono text-xs" title={a.url}>
                  {a.url}
                </TD>
                <TD numeric>{a.attempt}</TD>
                <TD>
                  {a.ok ? (
                    <Badge variant="success" dot>
                      Succeeded
                    </Badge>
                  ) : (
                    <Badge variant="danger" dot>
                      Failed
                    </Badge>
                  )}
                  {!a.ok && a.messageStatus === "PENDING" ? <span className="block text-xs text-muted-foreground">retrying</span> : null}
                </TD>
                <TD numeric>{a.httpStatus ?? "—"}</TD>
                <TD numeric className="whitespace-nowrap">
                  {a.latencyMs} ms
                </TD>
                <TD className="max-w-64">
                  {a.error && !a.httpStatus ? <span className="text-xs text-danger">{a.error}</span> : null}
                  {a.responseBody ? (
                    <details>
                      <summary className="cursor-pointer text-xs">First KB of the answer</summary>
                      <pre className="mt-1 max-h-40 overflow-auto font-mono text-xs whitespace-pre-wrap break-all">{a.responseBody}</pre>
                    </details>
                  ) : null}
                </TD>
                <TD>
                  <Button size="sm" variant="outline" loading={busy === a.messageId} onClick={() => again(a.messageId)} aria-label={`Redeliver ${a.type} ${a.messageId}`}>
                    <RotateCcw aria-hidden="true" /> Redeliver
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}

      <form
        aria-label="Redeliver failed messages"
        className="flex flex-wrap items-end gap-3 rounded-xl border border-border p-4"
        onSubmit={(event) => {
          event.preventDefault();
          setBulkError(null);
          startBulk(async () => {
            const result = await redeliverFailed({ providerId, programId, from, to, endpointId: filter.endpoint || undefined });
            if (!result.ok) return setBulkError(result.error.message);
            toast.success(result.data.queued === 0 ? "No failed messages in that period." : `${result.data.queued} failed message(s) queued: they are sent within a minute.`);
          });
        }}
      >
        <p className="w-full text-sm text-muted-foreground">
          Send again every message that failed for good (retried for 3 days), written between these days (UTC){filter.endpoint ? ", to the endpoint filtered above" : ""}.
        </p>
        <Field label="From">
          <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </Field>
        <Field label="To">
          <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </Field>
        <Button type="submit" variant="outline" loading={bulkPending}>
          <RotateCcw aria-hidden="true" /> Redeliver failed
        </Button>
        {bulkError ? <Alert variant="danger">{bulkError}</Alert> : null}
      </form>
    </div>
  );
}
