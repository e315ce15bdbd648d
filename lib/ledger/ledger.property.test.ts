import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  LedgerError,
  balance,
  balancesOf,
  capture,
  hold,
  memberAccount,
  post,
  providerAccount,
  reconcile,
  release,
  reverse,
  type AccountRef,
  type LedgerErrorReason,
  type PostInput,
} from "@/lib/ledger";

/**
 * Random sequences of ledger operations against a tiny in-memory model of what every balance must be.
 * After each operation the database must agree with the model; a refused operation must change nothing.
 */

/**
 * Amounts other than earn's are a percentage of what the source account holds at that moment (at least 1
 * minor unit), up to 120%: most operations fit, some overdraw and must be refused.
 */
type Op =
  | { t: "earn"; amount: number; instant: boolean }
  | { t: "release"; pct: number }
  | { t: "spend"; pct: number }
  | { t: "hold"; pct: number }
  | { t: "capture"; pick: number; pct: number | null }
  | { t: "releaseHold"; pick: number }
  | { t: "reverse"; pick: number }
  | { t: "retry"; pick: number }
  | { t: "conflict"; pick: number };

const pct = fc.integer({ min: 1, max: 120 });
const pick = fc.nat({ max: 1000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant("earn" as const), amount: fc.integer({ min: 1, max: 5000 }), instant: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant("release" as const), pct }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant("spend" as const), pct }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant("hold" as const), pct }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant("capture" as const), pick, pct: fc.option(pct, { nil: null }) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant("releaseHold" as const), pick }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant("reverse" as const), pick }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant("retry" as const), pick }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant("conflict" as const), pick }), weight: 1 },
);

type Name = "pending" | "available" | "held" | "liability";
const NAMES: Name[] = ["pending", "available", "held", "liability"];
/** Kinds the database refuses below zero, among the accounts a run uses. */
const NON_NEGATIVE: ReadonlySet<Name> = new Set(["pending", "available", "held"]);
type Deltas = Partial<Record<Name, bigint>>;

type Posting = { key: string; txId: bigint; deltas: Deltas; reversedBy: bigint | null };
type ModelHold = { id: bigint; key: string; amount: bigint; captured: bigint; released: bigint; status: "OPEN" | "CAPTURED" | "RELEASED" };
/** A successful call, kept to be retried verbatim (same key, same content) later. */
type Done =
  | { kind: "post"; input: PostInput; txId: bigint; deltas: Deltas }
  | { kind: "hold"; input: Parameters<typeof hold>[1]; holdId: bigint }
  | { kind: "capture"; input: Parameters<typeof capture>[1] }
  | { kind: "release"; input: Parameters<typeof release>[1] }
  | { kind: "reverse"; originalId: bigint; key: string; txId: bigint };

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: LedgerErrorReason };
async function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (error instanceof LedgerError) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** `pct` percent of `of`, at least 1. */
const share = (of: bigint, percent: number): bigint => {
  const a = (of * BigInt(percent)) / 100n;
  return a > 0n ? a : 1n;
};

function entriesOf(accounts: Record<Name, AccountRef>, deltas: Deltas) {
  return NAMES.filter((n) => (deltas[n] ?? 0n) !== 0n).map((n) => ({ account: accounts[n], amount: deltas[n]! }));
}

async function runScenario(ops: Op[]): Promise<void> {
  const run = randomUUID();
  const memberId = randomUUID();
  const providerId = randomUUID();
  const accounts: Record<Name, AccountRef> = {
    pending: memberAccount(memberId, "MEMBER_PENDING", "EUR"),
    available: memberAccount(memberId, "MEMBER_AVAILABLE", "EUR"),
    held: memberAccount(memberId, "MEMBER_HELD", "EUR"),
    liability: providerAccount(providerId, "PROVIDER_LIABILITY", "EUR"),
  };
  const model: Record<Name, bigint> = { pending: 0n, available: 0n, held: 0n, liability: 0n };
  const postings: Posting[] = [];
  const holds: ModelHold[] = [];
  const done: Done[] = [];
  let seq = 0;
  const key = (what: string) => `${run}:${what}:${seq++}`;

  const readBalances = async (): Promise<Record<Name, bigint>> => {
    const [member, liability] = await Promise.all([balancesOf(db, { ownerType: "MEMBER", ownerId: memberId }), balance(db, accounts.liability)]);
    return {
      pending: member.get("MEMBER_PENDING:EUR") ?? 0n,
      available: member.get("MEMBER_AVAILABLE:EUR") ?? 0n,
      held: member.get("MEMBER_HELD:EUR") ?? 0n,
      liability,
    };
  };
  const apply = (deltas: Deltas) => {
    for (const n of NAMES) model[n] += deltas[n] ?? 0n;
  };
  /** Would these deltas take an account that must not go negative below zero? */
  const overdraws = (deltas: Deltas) => NAMES.some((n) => NON_NEGATIVE.has(n) && model[n] + (deltas[n] ?? 0n) < 0n);

  /** Posts a plain transaction and checks it against the model's prediction. */
  const postAndCheck = async (input: PostInput, deltas: Deltas) => {
    const expected: LedgerErrorReason | null = overdraws(deltas) ? "INSUFFICIENT_FUNDS" : null;
    const result = await outcome(post(db, input));
    if (expected) {
      expect(result).toEqual({ ok: false, reason: expected });
      return;
    }
    expect(result).toMatchObject({ ok: true, value: { created: true } });
    if (!result.ok) return;
    apply(deltas);
    postings.push({ key: input.idempotencyKey, txId: result.value.transactionId, deltas, reversedBy: null });
    done.push({ kind: "post", input, txId: result.value.transactionId, deltas });
  };

  const plain = (kind: PostInput["kind"], deltas: Deltas): PostInput => ({
    idempotencyKey: key(kind),
    kind,
    reference: { type: "property", id: run },
    entries: entriesOf(accounts, deltas),
  });

  for (const [index, op] of ops.entries()) {
    const before = await readBalances();
    const snapshot = { ...model };
    let refused = false;
    const expectRefused = (result: Outcome<unknown>, reason: LedgerErrorReason) => {
      expect(result, `op #${index} ${JSON.stringify(op)}`).toEqual({ ok: false, reason });
      refused = true;
    };

    switch (op.t) {
      case "earn": {
        // An "instant" earn skips the pending period and lands in available directly.
        const deltas: Deltas = op.instant ? { liability: -BigInt(op.amount), available: BigInt(op.amount) } : { liability: -BigInt(op.amount), pending: BigInt(op.amount) };
        await postAndCheck(plain("EARN", deltas), deltas);
        break;
      }
      case "release": {
        const a = share(model.pending, op.pct);
        const deltas = { pending: -a, available: a };
        refused = overdraws(deltas);
        await postAndCheck(plain("RELEASE", deltas), deltas);
        break;
      }
      case "spend": {
        const a = share(model.available, op.pct);
        const deltas = { available: -a, liability: a };
        refused = overdraws(deltas);
        await postAndCheck(plain("ADJUSTMENT", deltas), deltas);
        break;
      }
      case "hold": {
        const a = share(model.available, op.pct);
        const input = { idempotencyKey: key("hold"), memberId, currency: "EUR" as const, amount: a };
        const result = await outcome(hold(db, input));
        if (model.available < a) {
          expectRefused(result, "INSUFFICIENT_FUNDS");
          break;
        }
        expect(result).toMatchObject({ ok: true, value: { amount: a, captured: 0n, released: 0n, status: "OPEN" } });
        if (!result.ok) break;
        apply({ available: -a, held: a });
        holds.push({ id: result.value.id, key: input.idempotencyKey, amount: a, captured: 0n, released: 0n, status: "OPEN" });
        done.push({ kind: "hold", input, holdId: result.value.id });
        break;
      }
      case "capture": {
        const h = holds[op.pick % Math.max(holds.length, 1)];
        if (!h) break;
        const open = h.amount - h.captured - h.released;
        const a = op.pct === null ? open : share(open, op.pct);
        const input = { holdId: h.id, idempotencyKey: key("capture"), to: accounts.liability, ...(op.pct === null ? {} : { amount: a }) };
        const result = await outcome(capture(db, input));
        if (h.status !== "OPEN" || a > open) {
          expectRefused(result, "INVALID");
          break;
        }
        expect(result).toMatchObject({ ok: true, value: { id: h.id, captured: h.captured + a, released: h.released + open - a, status: "CAPTURED" } });
        apply({ held: -open, liability: a, available: open - a });
        Object.assign(h, { captured: h.captured + a, released: h.released + open - a, status: "CAPTURED" });
        done.push({ kind: "capture", input });
        break;
      }
      case "releaseHold": {
        const h = holds[op.pick % Math.max(holds.length, 1)];
        if (!h) break;
        const input = { holdId: h.id, idempotencyKey: key("release") };
        const result = await outcome(release(db, input));
        if (h.status !== "OPEN") {
          expectRefused(result, "INVALID");
          break;
        }
        const open = h.amount - h.captured - h.released;
        expect(result).toMatchObject({ ok: true, value: { id: h.id, released: h.released + open, status: "RELEASED" } });
        apply({ held: -open, available: open });
        Object.assign(h, { released: h.released + open, status: "RELEASED" });
        done.push({ kind: "release", input });
        break;
      }
      case "reverse": {
        const p = postings[op.pick % Math.max(postings.length, 1)];
        if (!p) break;
        const reverseKey = key("reverse");
        const result = await outcome(reverse(db, p.txId, "property test", { idempotencyKey: reverseKey }));
        const deltas: Deltas = Object.fromEntries(NAMES.map((n) => [n, -(p.deltas[n] ?? 0n)]));
        if (p.reversedBy !== null) {
          expectRefused(result, "ALREADY_REVERSED");
          break;
        }
        if (overdraws(deltas)) {
          expectRefused(result, "INSUFFICIENT_FUNDS");
          break;
        }
        expect(result).toMatchObject({ ok: true, value: { created: true } });
        if (!result.ok) break;
        apply(deltas);
        p.reversedBy = result.value.transactionId;
        // A reversal is an ordinary transaction: it can be reversed in turn.
        postings.push({ key: reverseKey, txId: result.value.transactionId, deltas, reversedBy: null });
        done.push({ kind: "reverse", originalId: p.txId, key: reverseKey, txId: result.value.transactionId });
        break;
      }
      case "retry": {
        const d = done[op.pick % Math.max(done.length, 1)];
        if (!d) break;
        // The same call again, with the same key: answered, never applied twice.
        if (d.kind === "post") expect(await post(db, d.input)).toEqual({ transactionId: d.txId, created: false });
        if (d.kind === "hold") expect((await hold(db, d.input)).id).toBe(d.holdId);
        if (d.kind === "capture" || d.kind === "release") {
          const h = holds.find((x) => x.id === d.input.holdId)!;
          const again = d.kind === "capture" ? await capture(db, d.input) : await release(db, d.input);
          expect(again).toMatchObject({ id: h.id, captured: h.captured, released: h.released, status: h.status });
        }
        if (d.kind === "reverse") expect(await reverse(db, d.originalId, "property test", { idempotencyKey: d.key })).toEqual({ transactionId: d.txId, created: false });
        break;
      }
      case "conflict": {
        const d = done[op.pick % Math.max(done.length, 1)];
        if (!d) break;
        // The same key with other content is refused, whatever the balances.
        if (d.kind === "post") {
          const entries = d.input.entries.map((e) => ({ account: e.account, amount: e.amount > 0n ? e.amount + 1n : e.amount - 1n }));
          expectRefused(await outcome(post(db, { ...d.input, entries })), "IDEMPOTENCY_CONFLICT");
        } else if (d.kind === "hold") {
          expectRefused(await outcome(hold(db, { ...d.input, amount: d.input.amount + 1n })), "IDEMPOTENCY_CONFLICT");
        } else if (d.kind === "reverse") {
          const other = postings.find((p) => p.txId !== d.originalId && p.txId !== d.txId);
          if (other) expectRefused(await outcome(reverse(db, other.txId, "property test", { idempotencyKey: d.key })), "IDEMPOTENCY_CONFLICT");
        }
        break;
      }
    }

    const after = await readBalances();
    expect(after, `balances after op #${index} ${JSON.stringify(op)}`).toEqual(model);
    if (refused) {
      expect(model).toEqual(snapshot);
      expect(after, `a refused op #${index} changed balances`).toEqual(before);
    }
    for (const n of NAMES) if (NON_NEGATIVE.has(n)) expect(after[n] >= 0n).toBe(true);
  }

  // The holds in the database are exactly the model's.
  const rows = await db.ledgerHold.findMany({ where: { memberId }, orderBy: { id: "asc" } });
  expect(rows.map((r) => ({ id: r.id, amount: r.amount, captured: r.captured, released: r.released, status: r.status }))).toEqual(
    holds.map(({ id, amount: a, captured: c, released: r, status }) => ({ id, amount: a, captured: c, released: r, status })),
  );
  const openHeld = holds.reduce((sum, h) => sum + (h.status === "OPEN" ? h.amount - h.captured - h.released : 0n), 0n);
  expect(model.held).toBe(openHeld);
  // Money is neither created nor destroyed: the four accounts always sum to zero.
  expect(NAMES.reduce((sum, n) => sum + model[n], 0n)).toBe(0n);
  const rec = await reconcile(db);
  expect(rec.discrepancies).toEqual([]);
  expect(rec.ok).toBe(true);
}

describe("ledger properties", () => {
  it("balances always equal the model; refused operations change nothing; the ledger reconciles", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30, size: "max" }), (ops) => runScenario(ops)),
      { numRuns: 40 },
    );
  }, 120_000);

  it("runs a hand-written scenario through the same checks", async () => {
    await runScenario([
      { t: "hold", pct: 10 }, // nothing available yet: refused
      { t: "earn", amount: 100, instant: false },
      { t: "release", pct: 100 },
      { t: "hold", pct: 60 },
      { t: "capture", pick: 0, pct: 150 }, // more than the hold: refused
      { t: "capture", pick: 0, pct: 20 },
      { t: "retry", pick: 3 },
      { t: "releaseHold", pick: 0 }, // already captured: refused
      { t: "spend", pct: 101 },
      { t: "spend", pct: 100 },
      { t: "reverse", pick: 2 },
      { t: "reverse", pick: 2 },
      { t: "reverse", pick: 0 }, // the earn was released and spent: refused
      { t: "conflict", pick: 0 },
      { t: "conflict", pick: 2 },
    ]);
  });
});
