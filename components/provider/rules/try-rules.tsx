"use client";

import { useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Money } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/result";
import type { Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";
import type { RuleSetJson } from "@/lib/rules/schema";
import { fromDraft, unitsFor, type RuleSetDraft } from "./draft";

type Item = { sku: string; category?: string; amountMinor: string; quantity: number };

export type TryRulesAction = (input: {
  providerId: string;
  programId: string;
  ruleSet: RuleSetJson;
  purchase: { amountMinor: string; items?: Item[]; occurredAt?: string; segment?: string; tier?: string };
}) => Promise<ActionResult<{ amountMinor: string; currency: Currency; explanation: string; reasons: string[]; capped: boolean }>>;

type ItemDraft = { sku: string; category: string; amount: string; quantity: string };

/** "Try it": what a basket would earn under the rules as they stand in the editor, saved or not, computed on the server. */
export function TryRules({ providerId, programId, currency, draft, tryRules }: { providerId: string; programId: string; currency: Currency; draft: RuleSetDraft; tryRules: TryRulesAction }) {
  const basket = unitsFor(currency).basket;
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState("");
  const [segment, setSegment] = useState("");
  const [tier, setTier] = useState("");
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ amountMinor: bigint; currency: Currency; explanation: string } | null>(null);
  const setItem = (i: number, patch: Partial<ItemDraft>) => setItems((list) => list.map((it, j) => (j === i ? { ...it, ...patch } : it)));

  async function run() {
    setError(null);
    setResult(null);
    const rules = fromDraft(draft, currency);
    if (!rules.ok) return setError(`The rules above are not complete yet: ${rules.message} (${rules.field}).`);
    const amountMinor = parseAmountInput(amount, basket);
    if (amountMinor === null) return setError("Enter the basket amount, like 42.10.");
    const parsedItems: Item[] = [];
    for (const [i, it] of items.entries()) {
      const line = parseAmountInput(it.amount, basket);
      const quantity = Number(it.quantity || "1");
      if (!it.sku.trim()) return setError(`Item ${i + 1}: enter its SKU.`);
      if (line === null) return setError(`Item ${i + 1}: enter its amount, like 12.50.`);
      if (!Number.isInteger(quantity) || quantity < 1) return setError(`Item ${i + 1}: the quantity is a whole number from 1.`);
      parsedItems.push({ sku: it.sku.trim(), ...(it.category.trim() && { category: it.category.trim() }), amountMinor: line.toString(), quantity });
    }
    setPending(true);
    const answer = await tryRules({
      providerId,
      programId,
      ruleSet: rules.json,
      purchase: {
        amountMinor: amountMinor.toString(),
        ...(parsedItems.length > 0 && { items: parsedItems }),
        ...(date && { occurredAt: `${date}T12:00:00.000Z` }),
        ...(segment.trim() && { segment: segment.trim() }),
        ...(tier.trim() && { tier: tier.trim() }),
      },
    });
    setPending(false);
    if (answer.ok) setResult({ amountMinor: BigInt(answer.data.amountMinor), currency: answer.data.currency, explanation: answer.data.explanation });
    else setError(answer.error.message);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Try it</CardTitle>
        <CardDescription>What a basket would earn with the rules above, before you save them. Nothing is recorded.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="space-y-4"
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            await run();
          }}
        >
          <div className="grid gap-4 sm:grid-cols-4">
            <Field label={`Basket amount (${basket})`} required>
              <Input inputMode="decimal" placeholder="42.10" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </Field>
            <Field label="Date (optional)" hint="Today when empty.">
              <Input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
            <Field label="Member segment (optional)">
              <Input value={segment} onChange={(e) => setSegment(e.target.value)} />
            </Field>
            <Field label="Member tier (optional)">
              <Input value={tier} onChange={(e) => setTier(e.target.value)} />
            </Field>
          </div>
          {items.map((it, i) => (
            <div key={i} className="grid gap-3 rounded-lg border border-border p-3 sm:grid-cols-[1fr_1fr_1fr_6rem_auto] sm:items-start">
              <Field label={`Item ${i + 1} SKU`}>
                <Input value={it.sku} onChange={(e) => setItem(i, { sku: e.target.value })} />
              </Field>
              <Field label="Category">
                <Input value={it.category} onChange={(e) => setItem(i, { category: e.target.value })} />
              </Field>
              <Field label={`Line amount (${basket})`}>
                <Input inputMode="decimal" value={it.amount} onChange={(e) => setItem(i, { amount: e.target.value })} />
              </Field>
              <Field label="Qty">
                <Input inputMode="numeric" value={it.quantity} onChange={(e) => setItem(i, { quantity: e.target.value })} />
              </Field>
              <Button type="button" variant="ghost" size="icon" className="sm:mt-6.5" aria-label={`Remove item ${i + 1}`} onClick={() => setItems((list) => list.filter((_, j) => j !== i))}>
                <Trash2 />
              </Button>
            </div>
          ))}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={pending}>
              Try it
            </Button>
            <Button type="button" variant="outline" onClick={() => setItems((list) => [...list, { sku: "", category: "", amount: "", quantity: "1" }])}>
              <Plus /> Add an item
            </Button>
          </div>
          {error ? <Alert variant="danger">{error}</Alert> : null}
          {result ? (
            <Alert variant={result.amountMinor > 0n ? "success" : "info"} title={<span data-testid="try-amount">Earns <Money amountMinor={result.amountMinor} currency={result.currency} /></span>}>
              <span data-testid="try-explanation">{result.explanation}</span>
            </Alert>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
