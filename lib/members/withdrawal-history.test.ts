import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { confirmWithdrawal } from "@/lib/withdrawals/confirm-withdrawal";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { settleWithdrawal } from "@/lib/withdrawals/settle-withdrawal";
import { LIMITS, setup, short } from "@/tests/support/withdrawals";
import { listHistory } from "./list-history";

const tokenOf = (url: string) => new URL(url).searchParams.get("token") ?? "";

describe("history of withdrawals", () => {
  it("shows one line per withdrawal with its state — never 'set aside' and 'withdrawn' as two deductions — and a bank's return as money coming back", async () => {
    const s = await setup(5_000n);
    const { withdrawal, confirmUrl } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 2_000n, limits: LIMITS });
    const pending = await listHistory(s.userId);
    expect(pending.lines.filter((l) => l.type !== "reward").map((l) => (l.type === "withdrawal" ? `withdrawal ${l.status} ${l.amountMinor} ${l.to}` : `${l.type}`))).toEqual([
      "withdrawal AWAITING_CONFIRMATION -2000 First Platypus Bank ••0000",
    ]);

    await confirmWithdrawal(db, { userId: s.userId, token: tokenOf(confirmUrl) });
    const payoutId = `po_${short()}`;
    await db.withdrawal.update({ where: { id: withdrawal.id }, data: { payoutId } });
    await settleWithdrawal(db, { payoutId, outcome: "paid" });
    const paid = await listHistory(s.userId);
    const lines = paid.lines.filter((l) => l.type !== "reward");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: "withdrawal", id: withdrawal.id, status: "PAID", amountMinor: "-2000", currency: "EUR" });

    // The bank sends it back days later: the withdrawal line says so, and the money's return is a line of its own.
    await settleWithdrawal(db, { payoutId, outcome: "failed", reason: "account closed" });
    const returned = (await listHistory(s.userId)).lines.filter((l) => l.type !== "reward");
    expect(returned.map((l) => (l.type === "withdrawal" ? `withdrawal ${l.status}` : l.type === "movement" ? `${l.kind} ${l.amountMinor}` : l.type))).toEqual([
      "WITHDRAW_RETURN 2000",
      "withdrawal FAILED",
    ]);
  });
});
