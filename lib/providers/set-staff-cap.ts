import "server-only";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record-audit";
import { DomainError } from "@/lib/errors";
import { actorRole } from "./invite-staff";
import { staffCapCurrency } from "./staff-cap-currency";

export type StaffCaps = { dailyCapMinor: bigint | null; dailyCapCurrency: Currency | null; dailySpendCapMinor: bigint | null; dailySpendCapCurrency: Currency | null };

/**
 * Sets (or, with null, clears) one staff member's own register daily caps, which win over the program's
 * defaults in the programs of the cap's currency: `dailyCapMinor` limits the cashback they issue,
 * `dailySpendCapMinor` the cashback members pay with at their till. Each cap is stored with its currency, one of
 * the business's programs' (the first program's when not given). A cap left out (undefined) stays as it is.
 * Owners may set anyone's; managers only cashiers'. Audit-logged as staff.cap.update.
 */
export async function setStaffCap(
  db: DbOrTx,
  input: {
    providerId: string;
    userId: string;
    dailyCapMinor?: bigint | null;
    dailyCapCurrency?: string | null;
    dailySpendCapMinor?: bigint | null;
    dailySpendCapCurrency?: string | null;
    actor: { userId: string };
  },
): Promise<{ userId: string } & StaffCaps> {
  if (input.dailyCapMinor != null && input.dailyCapMinor < 0n) throw new DomainError("VALIDATION", "A daily cap cannot be negative.", { field: "dailyCap" });
  if (input.dailySpendCapMinor != null && input.dailySpendCapMinor < 0n) throw new DomainError("VALIDATION", "A daily cap cannot be negative.", { field: "dailySpendCap" });
  const role = await actorRole(db, input.providerId, input.actor.userId);
  if (role === "CASHIER") throw new DomainError("FORBIDDEN", "Your role does not allow this.");
  const currencyOf = (minor: bigint | null | undefined, asked: string | null | undefined, field: string) =>
    minor == null ? Promise.resolve(null) : staffCapCurrency(db, input.providerId, asked, field);
  const dailyCapCurrency = await currencyOf(input.dailyCapMinor, input.dailyCapCurrency, "dailyCapCurrency");
  const dailySpendCapCurrency = await currencyOf(input.dailySpendCapMinor, input.dailySpendCapCurrency, "dailySpendCapCurrency");
  return inTransaction(db, async (tx) => {
    const target = await tx.staffMember.findUnique({
      where: { userId_providerId: { userId: input.userId, providerId: input.providerId } },
      select: { id: true, role: true, dailyCapMinor: true, dailyCapCurrency: true, dailySpendCapMinor: true, dailySpendCapCurrency: true },
    });
    if (!target) throw new DomainError("NOT_FOUND", "That person is not part of this business.");
    if (role !== "OWNER" && target.role !== "CASHIER") throw new DomainError("FORBIDDEN", "Managers can set the daily cap of cashiers only.");
    const next: StaffCaps = {
      ...(input.dailyCapMinor === undefined
        ? { dailyCapMinor: target.dailyCapMinor, dailyCapCurrency: target.dailyCapCurrency }
        : { dailyCapMinor: input.dailyCapMinor, dailyCapCurrency }),
      ...(input.dailySpendCapMinor === undefined
        ? { dailySpendCapMinor: target.dailySpendCapMinor, dailySpendCapCurrency: target.dailySpendCapCurrency }
        : { dailySpendCapMinor: input.dailySpendCapMinor, dailySpendCapCurrency }),
    };
    const before: Partial<StaffCaps> = {};
    const after: Partial<StaffCaps> = {};
    if (target.dailyCapMinor !== next.dailyCapMinor || target.dailyCapCurrency !== next.dailyCapCurrency) {
      Object.assign(before, { dailyCapMinor: target.dailyCapMinor, dailyCapCurrency: target.dailyCapCurrency });
      Object.assign(after, { dailyCapMinor: next.dailyCapMinor, dailyCapCurrency: next.dailyCapCurrency });
    }
    if (target.dailySpendCapMinor !== next.dailySpendCapMinor || target.dailySpendCapCurrency !== next.dailySpendCapCurrency) {
      Object.assign(before, { dailySpendCapMinor: target.dailySpendCapMinor, dailySpendCapCurrency: target.dailySpendCapCurrency });
      Object.assign(after, { dailySpendCapMinor: next.dailySpendCapMinor, dailySpendCapCurrency: next.dailySpendCapCurrency });
    }
    if (Object.keys(after).length > 0) {
      await tx.staffMember.update({ where: { id: target.id }, data: next });
      await recordAudit(tx, {
        actor: { type: "USER", id: input.actor.userId },
        action: "staff.cap.update",
        providerId: input.providerId,
        target: { type: "user", id: input.userId },
        before,
        after,
      });
    }
    return { userId: input.userId, ...next };
  });
}
