import "server-only";
import { readDb, runQuery } from "@/lib/db/client";
import type { Currency, PurchaseSource, RewardStatus, WithdrawalStatus } from "@/lib/db/generated/enums";
import { ledgerKindLabel } from "@/lib/ledger/kind-labels";
import { cursorOf, type HistoryFilter, type HistoryLineJson, type HistoryPageJson, type SpendState, type VoucherState } from "./history-view";

export const HISTORY_PAGE_SIZE = 20;

/** A redemption's status as the member's history names it: reserved → spent, or cancelled / expired. */
function spendState(status: string): SpendState {
  if (status === "REQUIRES_CAPTURE") return "reserved";
  if (status === "CANCELED") return "cancelled";
  if (status === "EXPIRED") return "expired";
  return "spent";
}

function voucherState(status: string): VoucherState {
  if (status === "CANCELED") return "cancelled";
  if (status === "EXPIRED") return "expired";
  return "active";
}

/** Movement labels as members read them. */
export const movementLabel = (kind: string): string => ledgerKindLabel(kind);

type Row = {
  type: "reward" | "movement" | "spend" | "voucher" | "withdrawal";
  key: string;
  id: string;
  at: Date;
  member_id: string;
  status: RewardStatus | null;
  kind: string | null;
  amount: string;
  currency: Currency;
  explanation: string | null;
  available_at: Date | null;
  /** A purchase's source (rewards) or a redemption's (API, REGISTER). */
  source: string | null;
  purchase_amount: string | null;
};

/*
 * One keyset-paged list of two kinds of lines, newest first by when they happened:
 *  - every reward (one per purchase) of the user's memberships, dated by the purchase;
 *  - every spend (redemption), ONE line however many postings it took (hold, capture, release), dated when it
 *    was made, with its state; and every voucher not used (a used one is its spend's line);
 *  - every withdrawal, likewise ONE line with its state (set aside, paid or given back are not lines of their
 *    own; a payout the bank sent back after it was paid is, since that money came back later);
 *  - every ledger transaction on the member's accounts that is not a reward's, a spend's or a voucher's own
 *    posting (adjustments, refunds of spends, withdrawals, expiry), with its net effect on the member's money
 *    (pending + available + held; a move between the member's own accounts, such as reserving for a
 *    withdrawal, shows the available change).
 * A status filter applies to rewards, so it leaves the other lines out.
 */
const SQL = `
WITH mem AS (
  SELECT id FROM members WHERE user_id = $1::uuid AND ($2::uuid IS NULL OR id = $2::uuid)
), lines AS (
  SELECT 'reward' AS type, 'r:' || r.id::text AS key, r.id::text AS id, p.occurred_at AS at, r.member_id::text AS member_id,
         -- A reversed or rejected reward shows what it was (struck out), not the nothing it became.
         r.status::text AS status, NULL::text AS kind,
         (CASE WHEN r.status IN ('REVERSED', 'REJECTED') THEN r.amount_minor + r.reversed_minor ELSE r.amount_minor END)::text AS amount, r.currency::text AS currency,
         r.explanation, r.available_at, p.source::text AS source, p.amount_minor::text AS purchase_amount
    FROM rewards r JOIN purchases p ON p.id = r.purchase_id
   WHERE r.member_id IN (SELECT id FROM mem) AND ($3::text IS NULL OR r.status::text = $3)
  UNION ALL
  SELECT 'movement', 'm:' || lpad(t.id::text, 19, '0'), t.id::text, t.effective_at, a.owner_id,
         NULL, CASE WHEN t.kind = 'REDEEM_HOLD' AND t.reference_type = 'withdrawal' THEN 'WITHDRAW_HOLD'
                   WHEN t.kind = 'REVERSE' AND t.reference_type = 'withdrawal' THEN 'WITHDRAW_RETURN' ELSE t.kind::text END,
         (CASE WHEN sum(e.amount) <> 0 THEN sum(e.amount) ELSE sum(e.amount) FILTER (WHERE a.kind = 'MEMBER_AVAILABLE') END)::text,
         a.currency::text, coalesce(t.metadata->>'reason', t.metadata->>'explanation'), NULL, NULL, NULL
    FROM ledger_accounts a
    JOIN ledger_entries e ON e.account_id = a.id
    JOIN ledger_transactions t ON t.id = e.transaction_id
   WHERE $3::text IS NULL AND a.owner_type = 'MEMBER' AND a.owner_id IN (SELECT id::text FROM mem)
     AND (t.reference_type IS NULL OR t.reference_type NOT IN ('reward', 'redemption', 'voucher', 'withdrawal') OR t.kind = 'REDEEM_REFUND'
          OR (t.reference_type = 'withdrawal' AND t.kind = 'REVERSE'))
     -- A capture or release of a spend's, a voucher's or a withdrawal's hold (referenced as the hold) is part of that line.
     AND NOT (t.reference_type = 'hold' AND EXISTS (
           SELECT 1 FROM ledger_holds h WHERE h.id::text = t.reference_id AND h.reference_type IN ('redemption', 'voucher', 'withdrawal')))
   GROUP BY t.id, a.owner_id, a.currency
  UNION ALL
  SELECT 'spend', 's:' || r.id, r.id, r.created_at, r.member_id::text,
         CASE WHEN r.status = 'REQUIRES_CAPTURE' AND r.expires_at <= now() THEN 'EXPIRED' ELSE r.status::text END,
         'SPEND', (-CASE WHEN r.status IN ('CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED') THEN r.amount_captured ELSE r.amount_held END)::text,
         r.currency::text, r.order_id, NULL, r.source::text, NULL
    FROM redemptions r
   WHERE $3::text IS NULL AND r.member_id IN (SELECT id FROM mem)
  UNION ALL
  SELECT 'voucher', 'v:' || v.id::text, v.id::text, v.created_at, v.member_id::text,
         CASE WHEN v.status = 'ACTIVE' AND v.expires_at <= now() THEN 'EXPIRED' ELSE v.status::text END,
         'VOUCHER', (-v.amount)::text, v.currency::text, v.code, v.expires_at, NULL, NULL
    FROM vouchers v
   WHERE $3::text IS NULL AND v.member_id IN (SELECT id FROM mem) AND v.status <> 'REDEEMED'
  UNION ALL
  SELECT 'withdrawal', 'w:' || w.id::text, w.id::text, w.created_at, w.member_id::text, w.status::text, 'WITHDRAWAL',
         (-w.amount_minor)::text, w.currency::text, la.institution_name || CASE WHEN la.mask IS NULL THEN '' ELSE ' ••' || la.mask END, NULL, NULL, NULL
    FROM withdrawals w JOIN linked_accounts la ON la.id = w.linked_account_id
   WHERE $3::text IS NULL AND w.member_id IN (SELECT id FROM mem)
)
SELECT * FROM lines
 WHERE $4::timestamptz IS NULL OR (at, key) < ($4::timestamptz, $5::text)
 ORDER BY at DESC, key DESC
 LIMIT $6`;

/** A page of the user's history (all their programs, or the one membership `filter.program`), newest first. */
export async function listHistory(userId: string, filter: HistoryFilter = {}, limit = HISTORY_PAGE_SIZE): Promise<HistoryPageJson> {
  const take = Math.min(Math.max(limit, 1), 100);
  const [rows, members] = await Promise.all([
    runQuery<Row>(readDb, SQL, [userId, filter.program ?? null, filter.status ?? null, filter.cursor?.at ?? null, filter.cursor?.key ?? null, take + 1]),
    readDb.member.findMany({ where: { userId }, select: { id: true, program: { select: { name: true, brandColor: true } } } }),
  ]);
  const programs = new Map(members.map((m) => [m.id, { memberId: m.id, name: m.program.name, brandColor: m.program.brandColor }]));
  const lines = rows.slice(0, take).map((r): HistoryLineJson => {
    const program = programs.get(r.member_id) ?? { memberId: r.member_id, name: "", brandColor: "#0f766e" };
    const common = { key: r.key, id: r.id, at: new Date(r.at).toISOString(), amountMinor: r.amount, currency: r.currency, program };
    if (r.type === "reward") {
      return {
        ...common,
        type: "reward",
        status: r.status ?? "PENDING_REVIEW",
        explanation: r.explanation ?? "",
        availableAt: r.available_at ? new Date(r.available_at).toISOString() : null,
        purchase: { source: (r.source ?? "WEBHOOK") as PurchaseSource, amountMinor: r.purchase_amount ?? "0" },
      };
    }
    if (r.type === "spend") {
      return { ...common, type: "spend", state: spendState(r.status ?? ""), orderId: r.explanation ?? "", source: r.source === "REGISTER" ? "REGISTER" : "API" };
    }
    if (r.type === "withdrawal") {
      return { ...common, type: "withdrawal", status: (r.status ?? "PROCESSING") as WithdrawalStatus, to: r.explanation ?? "" };
    }
    if (r.type === "voucher") {
      return { ...common, type: "voucher", state: voucherState(r.status ?? ""), code: r.explanation ?? "", expiresAt: r.available_at ? new Date(r.available_at).toISOString() : common.at };
    }
    if (r.kind === "REDEEM_REFUND") {
      return { ...common, type: "movement", kind: "REDEEM_REFUND", label: "Refund", explanation: `Refunded by ${program.name}` };
    }
    const label = movementLabel(r.kind ?? "ADJUSTMENT");
    return { ...common, type: "movement", kind: r.kind ?? "ADJUSTMENT", label, explanation: r.explanation ?? label };
  });
  const last = lines.at(-1);
  return { lines, nextCursor: rows.length > take && last ? cursorOf(last) : null };
}
