import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { memberAccount, post, providerAccount } from "@/lib/ledger";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { getMemberVoucher, listMemberVouchers, listVoucherPrograms, voucherQrSvg } from "./list-member-vouchers";
import { cancelVoucher, createVoucher } from "./vouchers";

const short = () => randomUUID().slice(0, 8);

async function member(availableMinor: bigint) {
  const owner = await db.user.create({ data: { email: `o-${short()}@vouchers.test`, name: "Olga", passwordHash: "x" } });
  const shop = await createProvider(db, { name: `Shop ${short()}`, slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@vouchers.test`, name: "Maya", passwordHash: "x" } });
  const m = await joinProgram(db, { userId: user.id, programId: shop.programId });
  await post(db, {
    idempotencyKey: `t:${short()}`,
    kind: "ADJUSTMENT",
    entries: [
      { account: providerAccount(shop.providerId, "PROVIDER_LIABILITY", "EUR"), amount: -availableMinor },
      { account: memberAccount(m.id, "MEMBER_AVAILABLE", "EUR"), amount: availableMinor },
    ],
  });
  return { ...shop, userId: user.id, memberId: m.id };
}

describe("listMemberVouchers", () => {
  it("lists the member's open vouchers only, soonest to expire first; one voucher by id for its owner only", async () => {
    const a = await member(5000n);
    const b = await member(5000n);
    const later = await createVoucher(db, { userId: a.userId, programId: a.programId, amountMinor: 1000n });
    const sooner = await createVoucher(db, { userId: a.userId, programId: a.programId, amountMinor: 500n, now: new Date(Date.now() - 60 * 60 * 1000) });
    const cancelled = await createVoucher(db, { userId: a.userId, programId: a.programId, amountMinor: 200n });
    await cancelVoucher(db, { userId: a.userId, voucherId: cancelled.id });
    await createVoucher(db, { userId: b.userId, programId: b.programId, amountMinor: 300n });

    const open = await listMemberVouchers(db, a.userId);
    expect(open.map((v) => [v.code, v.amountMinor, v.status])).toEqual([
      [sooner.code, 500n, "ACTIVE"],
      [later.code, 1000n, "ACTIVE"],
    ]);
    expect(open[0]?.program.id).toBe(a.programId);
    // Past its expiry, a voucher leaves the list and reads as expired before the job has run.
    expect(await listMemberVouchers(db, a.userId, new Date(Date.now() + 7 * 24 * 60 * 60 * 1000 - 30 * 60 * 1000))).toHaveLength(1);
    expect((await getMemberVoucher(db, a.userId, later.id, new Date(Date.now() + 8 * 24 * 60 * 60 * 1000)))?.status).toBe("EXPIRED");

    expect((await getMemberVoucher(db, a.userId, cancelled.id))?.status).toBe("CANCELED");
    expect(await getMemberVoucher(db, b.userId, later.id)).toBeNull();
    expect(await getMemberVoucher(db, a.userId, "not-a-uuid")).toBeNull();

    // What is left to put on a voucher: 5000 − 1000 − 500 (the cancelled one came back).
    expect(await listVoucherPrograms(db, a.userId)).toEqual([{ programId: a.programId, name: expect.any(String), currency: "EUR", availableMinor: 3500n }]);
    expect(await voucherQrSvg(later.code)).toContain("<svg");
  });
});
