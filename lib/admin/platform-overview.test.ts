import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { suspendProvider } from "@/lib/providers/suspend-provider";
import { aFundedMember, aSpendingProgram, call } from "@/tests/support/redemption-api";
import { getPlatformOverview, PLATFORM_SERIES_DAYS } from "./get-platform-overview";
import { listReconciliations, runReconciliation } from "./reconciliations";

describe("platform overview", () => {
  it("adds up issued, redeemed and outstanding cashback per currency from the ledger, and counts providers by status", async () => {
    const before = await getPlatformOverview(db);
    const eur = (list: { currency: string; amountMinor: bigint }[]) => list.find((a) => a.currency === "EUR")?.amountMinor ?? 0n;

    const shop = await aSpendingProgram();
    const member = await aFundedMember(shop.programId, 4_000n);
    const P = `/api/v1/programs/${shop.programId}`;
    const held = await call(shop.key, "POST", `${P}/redemptions`, { customer: { email: member.email }, amount: 1_500, currency: "EUR", orderId: "O-1" }, `k-${randomUUID()}`);
    const { id } = (await held.json()) as { id: string };
    expect((await call(shop.key, "POST", `${P}/redemptions/${id}/capture`)).status).toBe(200);
    await suspendProvider(db, { providerId: shop.providerId, actor: { type: "SYSTEM" }, reason: "overview test" });

    const after = await getPlatformOverview(db);
    expect(eur(after.issued.today) - eur(before.issued.today)).toBe(4_000n);
    expect(eur(after.issued.days30) - eur(before.issued.days30)).toBe(4_000n);
    expect(eur(after.redeemed.today) - eur(before.redeemed.today)).toBe(1_500n);
    expect(eur(after.liability) - eur(before.liability)).toBe(2_500n);
    expect(after.providers.SUSPENDED - before.providers.SUSPENDED).toBe(1);
    expect(after.members - before.members).toBe(1);
    const series = after.issuedSeries.find((s) => s.currency === "EUR");
    expect(series?.points).toHaveLength(PLATFORM_SERIES_DAYS);
    expect(series?.points.reduce((sum, p) => sum + p.amountMinor, 0n)).toBe(eur(after.issued.days30));
  });

  it("keeps each reconciliation's result and shows the newest", async () => {
    const run = await runReconciliation(db);
    expect(run).toMatchObject({ ok: true, discrepancies: [] });
    expect(run.transactions).toBeGreaterThan(0);
    expect((await getPlatformOverview(db)).lastReconciliation).toMatchObject({ id: run.id, ok: true });
    expect((await listReconciliations(db))[0]?.id).toBe(run.id);
  });
});
