"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button, Field, Input, Select } from "@/components/ui";
import { emptyBracket, type BracketDraft, type RuleDraft, type Units } from "./draft";

export type ErrorAt = (key: string) => string | undefined;

const unitLabel = (currency: string) => (currency === "PTS" ? "points" : currency);

/** One rule: a flat amount, a percentage of the basket, or tiered brackets of the basket. */
export function RuleFields({ rule, onChange, path, units, errorAt, legend }: { rule: RuleDraft; onChange: (rule: RuleDraft) => void; path: string; units: Units; errorAt: ErrorAt; legend: string }) {
  const setBracket = (i: number, patch: Partial<BracketDraft>) => onChange({ ...rule, brackets: rule.brackets.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <fieldset className="space-y-4">
      <legend className="sr-only">{legend}</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={`${legend}: type`} error={errorAt(`${path}.type`)}>
          <Select value={rule.type} onChange={(e) => onChange({ ...rule, type: e.target.value === "flat" ? "flat" : e.target.value === "tiered" ? "tiered" : "percentage" })}>
            <option value="percentage">Percentage of the basket</option>
            <option value="flat">Flat amount per purchase</option>
            <option value="tiered">Tiered brackets</option>
          </Select>
        </Field>
        {rule.type === "percentage" ? (
          <Field label={`${legend}: cashback (%)`} hint="100% at most; 2.5 means 2.5%." error={errorAt(`${path}.bps`)}>
            <Input inputMode="decimal" value={rule.percent} placeholder="5" onChange={(e) => onChange({ ...rule, percent: e.target.value })} />
          </Field>
        ) : null}
        {rule.type === "flat" ? (
          <Field label={`${legend}: amount (${unitLabel(units.reward)})`} error={errorAt(`${path}.amountMinor`)}>
            <Input inputMode="decimal" value={rule.amount} placeholder={units.reward === "PTS" ? "50" : "1.00"} onChange={(e) => onChange({ ...rule, amount: e.target.value })} />
          </Field>
        ) : null}
      </div>
      {rule.type === "tiered" ? (
        <div className="space-y-3">
          <p className="text-sm text-muted-foreground">
            The basket falls in one bracket and that bracket&apos;s reward applies to the whole basket. Each bracket starts where the one before ends; leave the last one&apos;s upper bound empty for
            &quot;and above&quot;.
          </p>
          {errorAt(`${path}.brackets`) ? <p className="text-sm font-medium text-danger">{errorAt(`${path}.brackets`)}</p> : null}
          {rule.brackets.map((b, i) => {
            const at = `${path}.brackets.${i}`;
            return (
              <div key={i} className="grid gap-3 rounded-lg border border-border p-3 sm:grid-cols-[1fr_1fr_1fr_1fr_auto] sm:items-start">
                <Field label={`From (${unitLabel(units.basket)})`} error={errorAt(`${at}.fromMinor`)}>
                  <Input inputMode="decimal" value={b.from} placeholder="0.00" onChange={(e) => setBracket(i, { from: e.target.value })} />
                </Field>
                <Field label="Up to (not included)" error={errorAt(`${at}.upToMinor`)}>
                  <Input inputMode="decimal" value={b.upTo} placeholder="and above" onChange={(e) => setBracket(i, { upTo: e.target.value })} />
                </Field>
                <Field label="Reward">
                  <Select value={b.kind} onChange={(e) => setBracket(i, { kind: e.target.value === "flat" ? "flat" : "percentage" })}>
                    <option value="percentage">Percentage</option>
                    <option value="flat">Flat amount</option>
                  </Select>
                </Field>
                {b.kind === "percentage" ? (
                  <Field label="Cashback (%)" error={errorAt(`${at}.reward.bps`)}>
                    <Input inputMode="decimal" value={b.percent} placeholder="5" onChange={(e) => setBracket(i, { percent: e.target.value })} />
                  </Field>
                ) : (
                  <Field label={`Amount (${unitLabel(units.reward)})`} error={errorAt(`${at}.reward.amountMinor`)}>
                    <Input inputMode="decimal" value={b.amount} placeholder="1.00" onChange={(e) => setBracket(i, { amount: e.target.value })} />
                  </Field>
                )}
                <Button type="button" variant="ghost" size="icon" className="sm:mt-6.5" aria-label={`Remove bracket ${i + 1}`} disabled={rule.brackets.length <= 1} onClick={() => onChange({ ...rule, brackets: rule.brackets.filter((_, j) => j !== i) })}>
                  <Trash2 />
                </Button>
              </div>
            );
          })}
          <Button
            type="button"
            variant="outline"
            size="sm"
            onClick={() => onChange({ ...rule, brackets: [...rule.brackets, { ...emptyBracket(), from: rule.brackets.at(-1)?.upTo ?? "" }] })}
          >
            <Plus /> Add bracket
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
