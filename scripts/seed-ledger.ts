import { db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { capture, hold, memberAccount, post, providerAccount, reverse } from "@/lib/ledger";

const DAY = 24 * 60 * 60 * 1000;
const HOLD_DAYS = 14;

/** A small deterministic PRNG, so the demo history is the same on every machine and a re-run posts nothing new. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Six months of cashback for one member, posted through the ledger API: purchases earn 5% as pending,
 * released after the hold period, the odd refund reversed, and a couple of redemptions held and captured.
 */
export async function seedMemberHistory(input: { memberId: string; providerId: string; currency: Currency; seed: number; now?: Date }) {
  const now = input.now ?? new Date();
  const rand = mulberry32(input.seed);
  const pending = memberAccount(input.memberId, "MEMBER_PENDING", input.currency);
  const available = memberAccount(input.memberId, "MEMBER_AVAILABLE", input.currency);
  const liability = providerAccount(input.providerId, "PROVIDER_LIABILITY", input.currency);
  const purchases = 14 + Math.floor(rand() * 10);
  let posted = 0;
  for (let i = 0; i < purchases; i++) {
    const daysAgo = Math.floor(180 - (i * 180) / purchases - rand() * 5);
    const at = new Date(now.getTime() - Math.max(daysAgo, 0) * DAY);
    const basket = BigInt(450 + Math.floor(rand() * 9000)); // €4.50 – €94.50
    const reward = (basket * 500n) / 10_000n; // 5%, rounded down: never a fraction of a cent in the member's favour
    const key = `demo:${input.memberId}:purchase:${i}`;
    const earn = await post(db, {
      idempotencyKey: `${key}:earn`,
      kind: "EARN",
      reference: { type: "demo-purchase", id: `${input.memberId}:${i}` },
      metadata: { basketMinor: basket.toString(), explanation: `5% of basket`, source: "demo" },
      effectiveAt: at,
      entries: [
        { account: liability, amount: -reward },
        { account: pending, amount: reward },
      ],
    });
    posted += earn.created ? 1 : 0;
    const refunded = rand() < 0.08;
    if (refunded && daysAgo > 3) {
      await reverse(db, earn.transactionId, "Order refunded inside the hold period", { idempotencyKey: `${key}:refund` });
      continue;
    }
    if (daysAgo >= HOLD_DAYS) {
      await post(db, {
        idempotencyKey: `${key}:release`,
        kind: "RELEASE",
        reference: { type: "demo-purchase", id: `${input.memberId}:${i}` },
        metadata: { holdDays: HOLD_DAYS },
        effectiveAt: new Date(at.getTime() + HOLD_DAYS * DAY),
        entries: [
          { account: pending, amount: -reward },
          { account: available, amount: reward },
        ],
      });
    }
  }
  // Two redemptions at the till: one captured, one still in flight.
  for (const [n, amount, settle] of [[1, 150n, true], [2, 100n, false]] as const) {
    try {
      const h = await hold(db, { idempotencyKey: `demo:${input.memberId}:redeem:${n}`, memberId: input.memberId, currency: input.currency, amount, reference: { type: "demo-redemption", id: `${input.memberId}:${n}` } });
      if (settle && h.status === "OPEN") await capture(db, { holdId: h.id, idempotencyKey: `demo:${input.memberId}:redeem:${n}:capture`, to: liability });
    } catch {
      // A member whose available balance is too small simply has no redemption.
    }
  }
  return posted;
}
