import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { balanceOf, viewOf, type RedemptionRow } from "./internal";
import type { RedemptionView } from "./schemas";

const READ_SQL = `
  SELECT r.id, r.program_id, p.provider_id, p.name AS program_name, r.member_id, m.user_id, r.order_id, r.currency, r.amount_requested::text,
         r.amount_held::text, r.amount_captured::text, r.amount_refunded::text, r.status, r.hold_id::text, r.expires_at, r.voucher_id
    FROM redemptions r JOIN programs p ON p.id = r.program_id JOIN members m ON m.id = r.member_id
   WHERE r.id = $1 AND r.program_id = $2::uuid`;

/** A redemption as the API shows it; a hold past its expiry reads as expired even before the job released it. */
export async function getRedemption(db: DbOrTx, input: { programId: string; redemptionId: string; now?: Date }): Promise<RedemptionView> {
  return unitOfWork(db, async (sql) => {
    const [row] = await sql.query<RedemptionRow>(READ_SQL, [input.redemptionId, input.programId]);
    if (!row) throw new DomainError("NOT_FOUND", "No redemption has that id in this program.");
    return viewOf(row, await balanceOf(sql, row.member_id, row.currency), input.now ?? new Date());
  });
}
