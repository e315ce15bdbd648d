import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { aMember, aProgram, uniqueId } from "@/tests/support/programs";
import type { Currency, PurchaseSource } from "@/lib/db/generated/enums";

// docs/money-rules.md, "Points": one rule for points per currency unit, whatever the source.
describe("points per currency unit", () => {
  it("a points program at 1 % (100 bps) earns 42 pts for €42 by webhook (4200 cents), at the register (42) and on a receipt (42) — not 0 pts at the till", async () => {
    const program = await aProgram({ cashbackBps: 100, holdDays: 14 });
    await db.program.update({ where: { id: program.programId }, data: { currency: "PTS" } });
    const member = await aMember(program.programId);
    const earn = async (source: PurchaseSource, amountMinor: bigint, currency: Currency) => {
      const outcome = await recordPurchase(db, { programId: program.programId, source, orderId: `o-${uniqueId()}`, origin: {}, amountMinor, currency, customer: { memberId: member.memberId }, actor: { type: "SYSTEM" } });
      if (outcome.status !== "accepted" || !outcome.reward) throw new Error("expected a reward");
      return { amountMinor: outcome.reward.amountMinor, currency: outcome.reward.currency };
    };
    expect(await earn("WEBHOOK", 4_200n, "EUR")).toEqual({ amountMinor: 42n, currency: "PTS" });
    expect(await earn("REGISTER", 42n, "PTS")).toEqual({ amountMinor: 42n, currency: "PTS" });
    // A receipt waits for a person, with the same amount proposed.
    expect(await earn("RECEIPT", 42n, "PTS")).toEqual({ amountMinor: 42n, currency: "PTS" });
    // And the same €42.10 by webhook is 4210 cents: still 42 pts (rounded down).
    expect(await earn("WEBHOOK", 4_210n, "EUR")).toEqual({ amountMinor: 42n, currency: "PTS" });
  });
});
