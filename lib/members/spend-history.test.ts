import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { memberAccount, post, providerAccount } from "@/lib/ledger";
import { createProvider } from "@/lib/providers/create-provider";
import { cancelRedemption } from "@/lib/redemptions/cancel-redemption";
import { captureRedemption } from "@/lib/redemptions/capture-redemption";
import { createRedemption } from "@/lib/redemptions/create-redemption";
import { refundRedemption } from "@/lib/redemptions/refund-redemption";
import { spendAtRegister } from "@/lib/redemptions/spend-at-register";
import { cancelVoucher, createVoucher } from "@/lib/redemptions/vouchers";
import { addStaff } from "@/lib/providers/add-staff";
import { getWallet } from "./get-wallet";
import { cursorOf, parseHistorySearch, type HistoryLineJson } from "./history-view";
import { joinProgram } from "./join-program";
import { listHistory } from "./list-history";

const short = () => randomUUID().slice(0, 8);

async function setup() {
  const owner = await db.user.create({ data: { email: `o-${short()}@history.test`, name: "Olga Owner", passwordHash: "x" } });
  const shop = await createProvider(db, { name: "Café Aurora", slug: `aurora-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@history.test`, name: "Maya Lind", passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId: shop.programId });
  await post(db, {
    idempotencyKey: `t:${short()}:credit`,
    kind: "ADJUSTMENT",
    entries: [
      { account: providerAccount(shop.providerId, "PROVIDER_LIABILITY", "EUR"), amount: -10_000n },
      { account: memberAccount(member.id, "MEMBER_AVAILABLE", "EUR"), amount: 10_000n },
    ],
  });
  return { ...shop, userId: user.id, ownerId: owner.id, member };
}

const hold = (s: Awaited<ReturnType<typeof setup>>, orderId: string, amount: number) =>
  createRedemption(db, {
    programId: s.programId,
    source: "API",
    memberId: s.member.id,
    body: { customer: { memberCode: s.member.code }, amount, currency: "EUR", orderId, allowPartial: false, expiresInSeconds: 1800, capture: false },
  }).then((r) => r.redemption);

const summary = (l: HistoryLineJson) =>
  l.type === "spend" ? `spend ${l.orderId} ${l.state} ${l.amountMinor}` : l.type === "voucher" ? `voucher ${l.state} ${l.amountMinor}` : l.type === "movement" ? `${l.kind} ${l.amountMinor} ${l.explanation}` : `reward ${l.amountMinor}`;

describe("history of spends", () => {
  it("shows each spend as one line with its state, each refund of one as its own line, and vouchers not used", async () => {
    const s = await setup();
    const actor = { type: "USER" as const, id: s.ownerId };
    const spent = await hold(s, "1042", 1500);
    await captureRedemption(db, { programId: s.programId, redemptionId: spent.id, amount: 1200n });
    await refundRedemption(db, { programId: s.programId, redemptionId: spent.id, amount: 500n, idempotencyKey: "refund-1", actor });
    const cancelled = await hold(s, "1043", 700);
    await cancelRedemption(db, { programId: s.programId, redemptionId: cancelled.id, actor });
    await hold(s, "1044", 300);
    const active = await createVoucher(db, { userId: s.userId, programId: s.programId, amountMinor: 400n });
    const dropped = await createVoucher(db, { userId: s.userId, programId: s.programId, amountMinor: 250n });
    await cancelVoucher(db, { userId: s.userId, voucherId: dropped.id });
    const used = await createVoucher(db, { userId: s.userId, programId: s.programId, amountMinor: 600n });
    const cashier = await db.user.create({ data: { email: `c-${short()}@history.test`, name: "Carl", passwordHash: "x" } });
    await addStaff(db, { providerId: s.providerId, userId: cashier.id, role: "CASHIER" });
    const till = await spendAtRegister(db, { providerId: s.providerId, cashierUserId: cashier.id, customer: { voucherCode: used.code }, spendMinor: 600n, requestId: randomUUID() });

    const { lines } = await listHistory(s.userId);
    expect(lines.map(summary)).toEqual([
      `spend ${till.orderId} spent -600`,
      "voucher cancelled -250",
      "voucher active -400",
      "spend 1044 reserved -300",
      "spend 1043 cancelled -700",
      "REDEEM_REFUND 500 Refunded by Café Aurora",
      "spend 1042 spent -1200",
      "ADJUSTMENT 10000 Adjustment",
    ]);
    expect(lines.find((l) => l.type === "voucher" && l.state === "active")).toMatchObject({ id: active.id, code: active.code });
    expect(lines[0]).toMatchObject({ type: "spend", source: "REGISTER" });

    // The keyset cursor pages through the new kinds of lines too.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listHistory(s.userId, cursor ? parseHistorySearch({ cursor }).filter : {}, 3);
      seen.push(...page.lines.map((l) => l.key));
      cursor = page.nextCursor;
      if (cursor) expect(cursor).toBe(cursorOf(page.lines.at(-1)!));
    } while (cursor);
    expect(seen).toEqual(lines.map((l) => l.key));

    // A status filter is about rewards: no spend lines.
    expect((await listHistory(s.userId, { status: "PENDING" })).lines).toEqual([]);

    // The wallet lists the open hold and the active voucher as such.
    const wallet = await getWallet(s.userId);
    expect(wallet.programs[0]?.reserved.map((r) => (r.kind === "payment" ? `payment ${r.orderId} ${r.amountMinor}` : `voucher ${r.code} ${r.amountMinor}`))).toEqual([
      "payment 1044 300",
      `voucher ${active.code} 400`,
    ]);
  });
});
