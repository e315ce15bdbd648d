"use client";

import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { Plus, Trash2 } from "lucide-react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Select, Textarea } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { Currency } from "@/lib/money/currency";
import type { RuleSetJson } from "@/lib/rules/schema";
import { editorField, emptyRule, fromDraft, liveDateError, toDraft, unitsFor, type CampaignDraft, type RuleSetDraft } from "./draft";
import { RuleFields } from "./rule-fields";
import { TryRules, type TryRulesAction } from "./try-rules";

export type SaveRulesAction = (input: {
  providerId: string;
  programId: string;
  expectedVersion: number;
  ruleSet: RuleSetJson;
  note?: string;
}) => Promise<ActionResult<{ version: number; ruleSet: RuleSetJson }>>;

export interface RulesEditorProps {
  providerId: string;
  programId: string;
  currency: Currency;
  version: number;
  initial: RuleSetJson;
  save: SaveRulesAction;
  tryRules: TryRulesAction;
}

type FieldError = { field: string; message: string };

const newCampaign = (): CampaignDraft => {
  const today = new Date().toISOString().slice(0, 10);
  return { name: "", startDate: today, endDate: today, rule: emptyRule(), segments: "", tiers: "", categories: "", skus: "" };
};

/** The rules editor: every field of the engine's rule set, saved as a new version after a confirmation. */
export function RulesEditor({ providerId, programId, currency, version: initialVersion, initial, save, tryRules }: RulesEditorProps) {
  const router = useRouter();
  const units = unitsFor(currency);
  const start = useMemo(() => toDraft(initial, currency), [initial, currency]);
  const [draft, setDraft] = useState<RuleSetDraft>(start);
  const [saved, setSaved] = useState<RuleSetDraft>(start);
  const [version, setVersion] = useState(initialVersion);
  const [note, setNote] = useState("");
  const [error, setError] = useState<FieldError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<RuleSetJson | null>(null);

  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  // A campaign ending before it starts is named on its field as the owner types, not after "Save".
  const dateError = useMemo(() => liveDateError(draft), [draft]);
  const errorAt = (key: string) => (error?.field === key ? error.message.replace(`${key}: `, "") : dateError?.field === key ? dateError.message : undefined);
  // An edit clears what the last save found: the field names its own mistake again as it is typed.
  const update = (patch: Partial<RuleSetDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
    setFormError(null);
  };
  const setCampaign = (i: number, patch: Partial<CampaignDraft>) => update({ campaigns: draft.campaigns.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const unit = currency === "PTS" ? "points" : currency;
  const basketUnit = units.basket;

  /** Every error the editor knows a field for lands on it; any other is shown above the save button. */
  function showError(field: string | undefined, message: string) {
    const key = editorField(field);
    setError(key ? { field: key, message } : null);
    setFormError(key ? `Check the highlighted field: ${message}` : message);
  }

  function review() {
    setError(null);
    setFormError(null);
    const result = fromDraft(draft, currency);
    if (!result.ok) {
      showError(`ruleSet.${result.field}`, result.message);
      return;
    }
    setConfirming(result.json);
  }

  return (
    <div className="space-y-6">
      <form
        className="space-y-6"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          review();
        }}
      >
        <Card>
          <CardHeader>
            <CardTitle as="h2">Base rule</CardTitle>
            <CardDescription>What every purchase earns unless a category rule or a campaign pays for it.</CardDescription>
          </CardHeader>
          <CardContent>
            <RuleFields legend="Base rule" path="base" rule={draft.base} units={units} errorAt={errorAt} onChange={(base) => update({ base })} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2">Limits</CardTitle>
            <CardDescription>Leave a field empty for no limit.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label={`Minimum basket (${basketUnit})`} hint="Smaller baskets earn nothing." error={errorAt("minBasketMinor")}>
              <Input inputMode="decimal" placeholder="No minimum" value={draft.minBasket} onChange={(e) => update({ minBasket: e.target.value })} />
            </Field>
            <Field label={`Cap per purchase (${unit})`} error={errorAt("perPurchaseCapMinor")}>
              <Input inputMode="decimal" placeholder="No cap" value={draft.perPurchaseCap} onChange={(e) => update({ perPurchaseCap: e.target.value })} />
            </Field>
            <Field label={`Cap per member (${unit})`} hint="The most one member can earn in a period." error={errorAt("perPeriodCap.amountMinor")}>
              <Input inputMode="decimal" placeholder="No cap" value={draft.perPeriodCap} onChange={(e) => update({ perPeriodCap: e.target.value })} />
            </Field>
            <Field label="Cap period" error={errorAt("perPeriodCap.period")}>
              <Select value={draft.period} onChange={(e) => update({ period: e.target.value === "day" ? "day" : e.target.value === "week" ? "week" : "month" })}>
                <option value="day">Per day</option>
                <option value="week">Per week</option>
                <option value="month">Per month</option>
              </Select>
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2">Products</CardTitle>
            <CardDescription>Excluded products earn nothing, whatever else applies. Categories can have their own rule. Separate names with commas.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Excluded SKUs" error={errorAt("excludedSkus") ?? errorAt("excludedSkus.0")}>
                <Textarea rows={2} placeholder="GIFTCARD, TOBACCO-20" value={draft.excludedSkus} onChange={(e) => update({ excludedSkus: e.target.value })} />
              </Field>
              <Field label="Excluded categories" error={errorAt("excludedCategories") ?? errorAt("excludedCategories.0")}>
                <Textarea rows={2} placeholder="tobacco, gift cards" value={draft.excludedCategories} onChange={(e) => update({ excludedCategories: e.target.value })} />
              </Field>
            </div>
            {draft.categoryRules.map((c, i) => (
              <div key={i} className="space-y-4 rounded-xl border border-border p-4">
                <div className="flex items-start gap-3">
                  <Field label="Category" className="flex-1" error={errorAt(`categoryRules.${i}.category`)}>
                    <Input value={c.category} placeholder="shoes" onChange={(e) => update({ categoryRules: draft.categoryRules.map((r, j) => (j === i ? { ...r, category: e.target.value } : r)) })} />
                  </Field>
                  <Button type="button" variant="ghost" size="icon" className="mt-6.5" aria-label={`Remove the rule for category ${i + 1}`} onClick={() => update({ categoryRules: draft.categoryRules.filter((_, j) => j !== i) })}>
                    <Trash2 />
                  </Button>
                </div>
                <RuleFields
                  legend={`Category ${c.category || i + 1}`}
                  path={`categoryRules.${i}.rule`}
                  rule={c.rule}
                  units={units}
                  errorAt={errorAt}
                  onChange={(rule) => update({ categoryRules: draft.categoryRules.map((r, j) => (j === i ? { ...r, rule } : r)) })}
                />
              </div>
            ))}
            <Button type="button" variant="outline" size="sm" onClick={() => update({ categoryRules: [...draft.categoryRules, { category: "", rule: emptyRule() }] })}>
              <Plus /> Add a category rule
            </Button>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle as="h2">Campaigns</CardTitle>
            <CardDescription>
              A campaign pays its own rule between two dates (both included, UTC), for everyone or only some segments or tiers, on the whole basket or only some categories or SKUs. When several
              apply, the one paying the most wins.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            {draft.campaigns.length === 0 ? <p className="text-sm text-muted-foreground">No campaigns yet.</p> : null}
            {draft.campaigns.map((c, i) => {
              const at = `campaigns.${i}`;
              return (
                <div key={i} className="space-y-4 rounded-xl border border-border p-4" data-testid="campaign">
                  <div className="flex items-start gap-3">
                    <Field label="Campaign name" className="flex-1" error={errorAt(`${at}.name`)}>
                      <Input value={c.name} placeholder="Spring" onChange={(e) => setCampaign(i, { name: e.target.value })} />
                    </Field>
                    <Button type="button" variant="ghost" size="icon" className="mt-6.5" aria-label={`Remove campaign ${c.name || i + 1}`} onClick={() => update({ campaigns: draft.campaigns.filter((_, j) => j !== i) })}>
                      <Trash2 />
                    </Button>
                  </div>
                  <div className="grid gap-4 sm:grid-cols-2">
                    <Field label="First day" error={errorAt(`${at}.startsAt`)}>
                      <Input type="date" value={c.startDate} onChange={(e) => setCampaign(i, { startDate: e.target.value })} />
                    </Field>
                    <Field label="Last day" error={errorAt(`${at}.endsAt`)}>
                      <Input type="date" value={c.endDate} onChange={(e) => setCampaign(i, { endDate: e.target.value })} />
                    </Field>
                  </div>
                  <RuleFields legend={`Campaign ${c.name || i + 1}`} path={`${at}.rule`} rule={c.rule} units={units} errorAt={errorAt} onChange={(rule) => setCampaign(i, { rule })} />
                  <div className="grid gap-4 sm:grid-cols-2">
                    <Field label="Member segments" hint="Empty: every member." error={errorAt(`${at}.segments`) ?? errorAt(`${at}.segments.0`)}>
                      <Input value={c.segments} placeholder="students, vip" onChange={(e) => setCampaign(i, { segments: e.target.value })} />
                    </Field>
                    <Field label="Member tiers" hint="Empty: every tier." error={errorAt(`${at}.tiers`) ?? errorAt(`${at}.tiers.0`)}>
                      <Input value={c.tiers} placeholder="gold" onChange={(e) => setCampaign(i, { tiers: e.target.value })} />
                    </Field>
                    <Field label="Categories" hint="Empty with no SKUs: the whole basket." error={errorAt(`${at}.categories`) ?? errorAt(`${at}.categories.0`)}>
                      <Input value={c.categories} placeholder="coffee" onChange={(e) => setCampaign(i, { categories: e.target.value })} />
                    </Field>
                    <Field label="SKUs" error={errorAt(`${at}.skus`) ?? errorAt(`${at}.skus.0`)}>
                      <Input value={c.skus} placeholder="LATTE-L" onChange={(e) => setCampaign(i, { skus: e.target.value })} />
                    </Field>
                  </div>
                </div>
              );
            })}
            <Button type="button" variant="outline" size="sm" onClick={() => update({ campaigns: [...draft.campaigns, newCampaign()] })}>
              <Plus /> Add a campaign
            </Button>
          </CardContent>
        </Card>

        <Card>
          <CardContent className="space-y-4 p-5">
            <Field label="Note for the history (optional)" hint="Why the rules change, e.g. “summer promotion”.">
              <Input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
            </Field>
            {stale ? (
              <Alert variant="warning" title="Someone else saved the rules">
                <span className="flex flex-col gap-3">
                  <span>{stale}</span>
                  <span>
                    <Button type="button" size="sm" variant="outline" onClick={() => window.location.reload()}>
                      Reload the latest rules
                    </Button>
                  </span>
                </span>
              </Alert>
            ) : null}
            {formError ? <Alert variant="danger">{formError}</Alert> : null}
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" disabled={!dirty}>
                Save rules
              </Button>
              <Button
                type="button"
                variant="ghost"
                disabled={!dirty}
                onClick={() => {
                  setDraft(saved);
                  setError(null);
                  setFormError(null);
                }}
              >
                Discard changes
              </Button>
              <span className="text-sm text-muted-foreground">Version {version} is in force.</span>
            </div>
          </CardContent>
        </Card>
      </form>

      <TryRules providerId={providerId} programId={programId} currency={currency} draft={draft} tryRules={tryRules} />

      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) setConfirming(null);
        }}
        title={`Save these rules as version ${version + 1}?`}
        description="They apply to every purchase from now on. Rewards already issued keep the rules they were computed with."
        confirmLabel={`Save version ${version + 1}`}
        onConfirm={async () => {
          if (!confirming) return;
          const result = await save({ providerId, programId, expectedVersion: version, ruleSet: confirming, note: note.trim() || undefined });
          if (result.ok) {
            setVersion(result.data.version);
            const next = toDraft(result.data.ruleSet, currency);
            setDraft(next);
            setSaved(next);
            setNote("");
            setStale(null);
            toast.success(`Rules saved as version ${result.data.version}`);
            router.refresh();
            return;
          }
          if (result.error.code === "CONFLICT") setStale(result.error.message);
          else showError(result.error.field, result.error.message);
        }}
      />
    </div>
  );
}
