"use client";

import { useState, useTransition } from "react";
import { KeyRound, Plus } from "lucide-react";
import { Alert, Badge, Button, EmptyState, Field, Input, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { SecretShownOnce } from "./copy-button";

type Scope = "balances:read" | "redemptions:write";
type ProgramRef = { providerId: string; programId: string };

/** A key as the page shows it: never the secret; dates as ISO strings (they cross to the browser). */
export type ApiKeyRow = { id: string; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export type CreateApiKey = (input: ProgramRef & { name?: string; scopes: Scope[] }) => Promise<ActionResult<{ id: string; key: string; name: string; prefix: string; scopes: string[] }>>;
export type RevokeApiKey = (input: ProgramRef & { keyId: string }) => Promise<ActionResult<{ id: string; revokedAt: string }>>;

const SCOPES: { value: Scope; label: string; hint: string }[] = [
  { value: "balances:read", label: "Read balances", hint: "balances:read — look up how much cashback a customer can spend." },
  { value: "redemptions:write", label: "Spend cashback", hint: "redemptions:write — hold, capture, cancel and refund cashback payments." },
];

const SCOPE_LABEL: Record<string, string> = { "balances:read": "Read balances", "redemptions:write": "Spend cashback" };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const date = (iso: string | null, none: string) => (iso ? when.format(new Date(iso)) : none);

export interface ApiKeysProps extends ProgramRef {
  keys: ApiKeyRow[];
  /** Owners create and revoke keys; managers see the list. */
  canManage: boolean;
  create: CreateApiKey;
  revoke: RevokeApiKey;
}

export function ApiKeys({ providerId, programId, keys, canManage, create, revoke }: ApiKeysProps) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ReadonlySet<Scope>>(new Set(SCOPES.map((s) => s.value)));
  const [errors, setErrors] = useState<{ name?: string; scopes?: string; form?: string }>({});
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [pending, startTransition] = useTransition();

  function toggle(scope: Scope, on: boolean) {
    setScopes((prev) => {
      const next = new Set(prev);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (scopes.size === 0) {
      setErrors({ scopes: "Choose at least one permission." });
      return;
    }
    setErrors({});
    startTransition(async () => {
      const result = await create({ providerId, programId, name: name.trim() || undefined, scopes: SCOPES.map((s) => s.value).filter((s) => scopes.has(s)) });
      if (!result.ok) {
        const field = result.error.field === "name" ? "name" : result.error.field === "scopes" ? "scopes" : "form";
        setErrors({ [field]: result.error.message });
        return;
      }
      setCreated({ key: result.data.key, name: result.data.name });
      setName("");
    });
  }

  return (
    <div className="flex flex-col gap-6">
      {created ? (
        <SecretShownOnce title={`Copy “${created.name}” now`} value={created.key} label="New API key" onStored={() => setCreated(null)}>
          This is the only time the key is shown: Boomerang keeps only a fingerprint of it, so you will not see it again. Store it on your server, never in a web page or an app.
        </SecretShownOnce>
      ) : null}

      {canManage ? (
        <form onSubmit={submit} className="flex flex-col gap-4 rounded-xl border border-border p-4" aria-label="Create an API key">
          <Field label="Name" hint="So you can tell keys apart, e.g. “Online shop”." error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoComplete="off" placeholder="Online shop" className="sm:max-w-sm" />
          </Field>
          <fieldset className="flex flex-col gap-2" aria-describedby={errors.scopes ? "api-key-scopes-error" : undefined}>
            <legend className="mb-1 text-sm font-medium">Permissions</legend>
            {SCOPES.map((s) => (
              <label key={s.value} className="flex cursor-pointer items-start gap-3">
                <input type="checkbox" className="mt-0.5 size-4 accent-brand" checked={scopes.has(s.value)} onChange={(e) => toggle(s.value, e.target.checked)} />
                <span>
                  <span className="block text-sm font-medium">{s.label}</span>
                  <span className="block text-xs text-muted-foreground">{s.hint}</span>
                </span>
              </label>
            ))}
            {errors.scopes ? (
              <p id="api-key-scopes-error" className="text-sm text-danger">
                {errors.scopes}
              </p>
            ) : null}
          </fieldset>
          {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
          <div>
            <Button type="submit" loading={pending}>
              <Plus aria-hidden="true" /> Create key
            </Button>
          </div>
        </form>
      ) : (
        <Alert variant="info">Only an owner of the business can create or revoke API keys.</Alert>
      )}

      {keys.length === 0 ? (
        <EmptyState icon={<KeyRound />} title="No API keys yet" description="Create a key to let your checkout read balances and take cashback as payment." />
      ) : (
        <Table label="API keys">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Key</TH>
              <TH>Permissions</TH>
              <TH>Created (UTC)</TH>
              <TH>Last used (UTC)</TH>
              <TH>Status</TH>
              {canManage ? (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              ) : null}
            </TR>
          </THead>
          <TBody>
            {keys.map((k) => (
              <TR key={k.id}>
                <TD className="font-medium">{k.name}</TD>
                <TD className="font-mono text-xs whitespace-nowrap">{k.prefix}</TD>
                <TD>
                  <span className="flex flex-wrap gap-1">
                    {k.scopes.map((s) => (
                      <Badge key={s} variant="neutral" title={s}>
                        {SCOPE_LABEL[s] ?? s}
                      </Badge>
                    ))}
                  </span>
                </TD>
                <TD className="whitespace-nowrap">{date(k.createdAt, "—")}</TD>
                <TD className="whitespace-nowrap">{date(k.lastUsedAt, "Never")}</TD>
                <TD>
                  {k.revokedAt ? (
                    <Badge variant="danger" appearance="outline" title={`Revoked ${date(k.revokedAt, "")}`}>
                      Revoked
                    </Badge>
                  ) : (
                    <Badge variant="success" dot>
                      Active
                    </Badge>
                  )}
                </TD>
                {canManage ? (
                  <TD className="text-right">
                    {k.revokedAt ? null : (
                      <Button variant="outline" size="sm" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name} (${k.prefix})`}>
                        Revoke
                      </Button>
                    )}
                  </TD>
                ) : null}
              </TR>
            ))}
          </TBody>
        </Table>
      )}

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) setRevoking(null);
        }}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        description={`Every request with ${revoking?.prefix ?? "this key"} is refused from now on. This cannot be undone; create a new key to reconnect.`}
        confirmLabel="Revoke key"
        destructive
        onConfirm={async () => {
          if (!revoking) return;
          const result = await revoke({ providerId, programId, keyId: revoking.id });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`${revoking.name} revoked.`);
        }}
      />
    </div>
  );
}
