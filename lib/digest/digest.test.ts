import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, databaseUrl, db, type Db } from "@/lib/db/client";
import { memberAccount, post, providerAccount } from "@/lib/ledger";
import { reconcile } from "@/lib/ledger/reconcile";
import { joinProgram } from "@/lib/members/join-program";
import { addStaff } from "@/lib/providers/add-staff";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { createRedemption } from "@/lib/redemptions/create-redemption";
import { createRedemptionSchema } from "@/lib/redemptions/schemas";
import { getDailyDigest } from "./get-daily-digest";
import { setDigestSettings } from "./digest-settings";
import { renderDigestEmail } from "./render-digest";
import { sendDueDigests } from "./send-due-digests";
import { isTimeZone, localDate } from "./time-zone";

const short = () => randomUUID().slice(0, 8);

async function person(name: string) {
  return db.user.create({ data: { email: `${name.toLowerCase().replace(/\s+/g, ".")}-${short()}@digest.test`, name, passwordHash: "x" } });
}

async function business(holdDays = 0) {
  const owner = await person("Olga Owner");
  const created = await createProvider(db, { name: "Café Digest", slug: `digest-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode: "AUTOMATIC", holdDays });
  return { ...created, owner };
}

async function member(programId: string, joinedAt?: Date) {
  const user = await person("Maya Lind");
  const m = await joinProgram(db, { userId: user.id, programId });
  if (joinedAt) await db.member.update({ where: { id: m.id }, data: { joinedAt } });
  return m.id;
}

function buy(programId: string, memberId: string, amountMinor: bigint, orderId = `o-${short()}`) {
  return recordPurchase(db, { programId, source: "WEBHOOK", orderId, origin: { test: true }, amountMinor, currency: "EUR", customer: { memberId }, actor: { type: "WEBHOOK", id: "test" } }).then(() => orderId);
}

/** A fixed-offset zone in which it is about noon now, so "today" there never straddles midnight during the test. */
function zoneAtNoon(): string {
  const k = 12 - new Date().getUTCHours(); // local = UTC + k
  return k === 0 ? "Etc/UTC" : k > 0 ? `Etc/GMT-${k}` : `Etc/GMT+${-k}`;
}

/** What the ledger says directly: the member-side legs of one kind of transaction in the program, summed. */
async function ledgerSum(programId: string, kind: "EARN" | "REDEEM_CAPTURE" | "REVERSE", sign: 1 | -1) {
  const members = await db.member.findMany({ where: { programId }, select: { id: true } });
  const entries = await db.ledgerEntry.findMany({
    where: { transaction: { kind }, account: { ownerType: "MEMBER", ownerId: { in: members.map((m) => m.id) } } },
    select: { amount: true },
  });
  return entries.filter((e) => (sign > 0 ? e.amount > 0n : e.amount < 0n)).reduce((s, e) => s + (e.amount < 0n ? -e.amount : e.amount), 0n);
}

describe("daily digest figures", () => {
  it("match the ledger for a seeded day: issued, redeemed and reversed per currency, and the ledger reconciles", async () => {
    const zone = zoneAtNoon();
    const today = localDate(new Date(), zone);
    const shop = await business();
    const other = await business();
    const maya = await member(shop.programId);
    const leo = await member(shop.programId);

    await buy(shop.programId, maya, 10_000n); // 1 000 issued
    const refunded = await buy(shop.programId, leo, 20_000n); // 2 000 issued
    // A quarter of the basket refunded after the (zero-day) hold: 500 reversed from Leo's available cashback.
    await recordRefund(db, { programId: shop.programId, source: "WEBHOOK", orderId: refunded, refundMinor: 5_000n, refundKey: "r1", eventKeys: [`refund:${short()}`], actor: { type: "WEBHOOK", id: "test" } });
    // Maya spends 300 at checkout: held and captured at once.
    const { code } = await db.member.findUniqueOrThrow({ where: { id: maya }, select: { code: true } });
    const body = createRedemptionSchema.parse({ customer: { memberCode: code }, amount: 300, currency: "EUR", orderId: "checkout-1", capture: true });
    await createRedemption(db, { programId: shop.programId, source: "API", body });
    // A goodwill adjustment is neither issued nor reversed cashback.
    await post(db, {
      idempotencyKey: `t:${short()}:goodwill`,
      kind: "ADJUSTMENT",
      entries: [
        { account: providerAccount(shop.providerId, "PROVIDER_LIABILITY", "EUR"), amount: -50n },
        { account: memberAccount(leo, "MEMBER_AVAILABLE", "EUR"), amount: 50n },
      ],
    });
    // One endpoint whose delivery failed twice and then succeeded; another business's failure is not counted.
    for (const [programId, outcomes] of [[shop.programId, [false, false, true]], [other.programId, [false]]] as const) {
      const endpoint = await db.outboundWebhookEndpoint.create({ data: { programId, url: "https://shop.example/hooks", events: ["reward.pending"], secretEnc: "x" } });
      const message = await db.outboundWebhookMessage.create({ data: { id: `msg_${short()}`, endpointId: endpoint.id, programId, type: "reward.pending", body: "{}" } });
      for (const [i, ok] of outcomes.entries()) {
        await db.outboundWebhookAttempt.create({ data: { messageId: message.id, endpointId: endpoint.id, attempt: i + 1, ok, httpStatus: ok ? 200 : 500, latencyMs: 5 } });
      }
    }
    // Another business's day is not this one's.
    await buy(other.programId, await member(other.programId), 90_000n);

    const digest = await getDailyDigest(db, { providerId: shop.providerId, day: today, timeZone: zone });
    expect(digest.programs).toHaveLength(1);
    const p = digest.programs[0]!;
    expect(p.orders).toBe(2);
    expect(p.issued).toEqual([{ currency: "EUR", amountMinor: 3_000n }]);
    expect(p.reversed).toEqual([{ currency: "EUR", amountMinor: 500n }]);
    expect(p.redeemed).toEqual([{ currency: "EUR", amountMinor: 300n }]);
    expect(p.newMembers).toBe(2);
    expect(p.reviewQueue).toBe(0);
    expect(p.failedOutboundDeliveries).toBe(2);
    // 1 000 + 1 500 kept − 300 spent + 50 goodwill.
    expect(p.liability).toEqual([{ currency: "EUR", amountMinor: 2_250n }]);

    // The same figures, straight from the ledger's rows.
    expect(p.issued[0]!.amountMinor).toBe(await ledgerSum(shop.programId, "EARN", 1));
    expect(p.redeemed[0]!.amountMinor).toBe(await ledgerSum(shop.programId, "REDEEM_CAPTURE", -1));
    expect(p.reversed[0]!.amountMinor).toBe(await ledgerSum(shop.programId, "REVERSE", -1));
    expect((await reconcile(db)).ok).toBe(true);

    // The day before is empty of flows; the liability is a balance, so it shows there too.
    const before = (await getDailyDigest(db, { providerId: shop.providerId, day: "2020-01-01", timeZone: zone })).programs[0]!;
    expect([before.orders, before.issued, before.redeemed, before.reversed, before.newMembers]).toEqual([0, [], [], [], 0]);

    // The e-mail prints formatted money, never a division of minor units.
    const email = renderDigestEmail(digest, { name: "Olga Owner", dashboardUrl: "https://boomerang.test/dashboard", settingsUrl: "https://boomerang.test/dashboard/digest" });
    expect(email.text).toContain("Cashback issued: €30.00");
    expect(email.text).toContain("Cashback redeemed: €3.00");
    expect(email.text).toContain("Cashback reversed: €5.00");
    expect(email.text).toContain("Cashback outstanding now: €22.50");
    expect(email.text).toContain("https://boomerang.test/dashboard");
  });

  it("reads the day in the staff member's zone: 23:30 local counts in that day, not the next", async () => {
    const shop = await business();
    // 23:30 in New York on 5 December is 04:30 UTC on the 6th.
    await member(shop.programId, new Date("2026-12-06T04:30:00Z"));
    // 00:30 in Paris on 29 March (the night clocks go forward) is 23:30 UTC on the 28th.
    await member(shop.programId, new Date("2026-03-28T23:30:00Z"));
    await db.guardHit.create({ data: { programId: shop.programId, guard: "VELOCITY", createdAt: new Date("2026-12-06T04:59:59Z") } });
    await db.webhookDelivery.create({ data: { programId: shop.programId, channel: "generic", status: "REJECTED", httpStatus: 401, repeats: 3, createdAt: new Date("2026-12-06T05:00:00Z") } });

    const day = async (d: string, zone: string) => (await getDailyDigest(db, { providerId: shop.providerId, day: d, timeZone: zone })).programs[0]!;
    const ny5 = await day("2026-12-05", "America/New_York");
    expect([ny5.newMembers, ny5.guardHits, ny5.failedInboundDeliveries]).toEqual([1, 1, 0]);
    const ny6 = await day("2026-12-06", "America/New_York");
    expect([ny6.newMembers, ny6.guardHits, ny6.failedInboundDeliveries]).toEqual([0, 0, 3]);
    // In UTC the same member belongs to the 6th.
    expect((await day("2026-12-06", "UTC")).newMembers).toBe(1);

    expect((await day("2026-03-29", "Europe/Paris")).newMembers).toBe(1);
    expect((await day("2026-03-28", "Europe/Paris")).newMembers).toBe(0);
    const dst = await getDailyDigest(db, { providerId: shop.providerId, day: "2026-03-29", timeZone: "Europe/Paris" });
    expect(dst.to.getTime() - dst.from.getTime()).toBe(23 * 60 * 60 * 1000);
  });
});

describe("sending the daily digest", () => {
  let second: Db;
  beforeAll(() => {
    second = createDb(databaseUrl(), 4);
  });
  afterAll(() => closeDb(second));

  const digestsTo = (email: string) => db.emailMessage.findMany({ where: { to: email }, orderBy: { createdAt: "asc" } });

  it("sends once per local day at the chosen local time, with two workers at once, and catches up after downtime", async () => {
    const shop = await business();
    await setDigestSettings(db, { userId: shop.owner.id, providerId: shop.providerId }, { enabled: true, timeZone: "Europe/Paris", sendTime: "08:00" });
    const manager = await person("Max Manager");
    await addStaff(db, { providerId: shop.providerId, userId: manager.id, role: "MANAGER" });
    // The manager never opted in (and the default is off).

    // 07:59 in Paris (UTC+1 in December): not yet.
    await sendDueDigests(db, { now: new Date("2026-12-10T06:59:00Z") });
    expect(await digestsTo(shop.owner.email)).toHaveLength(0);

    // 08:15: two workers run the job at the same moment.
    const at = new Date("2026-12-10T07:15:00Z");
    const [a, b] = await Promise.all([sendDueDigests(db, { now: at }), sendDueDigests(second, { now: at })]);
    expect(a.sent + b.sent).toBe(1);
    expect(a.failed + b.failed).toBe(0);
    const sent = await digestsTo(shop.owner.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toContain("Café Digest yesterday");
    expect(sent[0]!.text).toContain("Wednesday 9 December 2026");

    // Later that day, and just before local midnight: nothing more.
    await sendDueDigests(db, { now: new Date("2026-12-10T12:00:00Z") });
    await sendDueDigests(db, { now: new Date("2026-12-10T22:59:00Z") });
    expect(await digestsTo(shop.owner.email)).toHaveLength(1);

    // The worker was down for three days: one digest on coming back (about the day before), not three.
    await sendDueDigests(db, { now: new Date("2026-12-14T10:00:00Z") });
    await sendDueDigests(db, { now: new Date("2026-12-14T10:15:00Z") });
    const after = await digestsTo(shop.owner.email);
    expect(after).toHaveLength(2);
    expect(after[1]!.text).toContain("Sunday 13 December 2026");
    expect(await db.digestSend.count({ where: { staffMember: { providerId: shop.providerId } } })).toBe(2);

    expect(await digestsTo(manager.email)).toHaveLength(0);
  });

  it("sends nothing to staff who opted out, or whose role no longer reaches the dashboard", async () => {
    const shop = await business();
    await setDigestSettings(db, { userId: shop.owner.id, providerId: shop.providerId }, { enabled: true, timeZone: "UTC", sendTime: "06:30" });
    await setDigestSettings(db, { userId: shop.owner.id, providerId: shop.providerId }, { enabled: false, timeZone: "UTC", sendTime: "06:30" });
    const cashier = await person("Carl Cashier");
    await addStaff(db, { providerId: shop.providerId, userId: cashier.id, role: "CASHIER" });
    await db.staffMember.update({ where: { userId_providerId: { userId: cashier.id, providerId: shop.providerId } }, data: { digestEnabled: true } });

    await sendDueDigests(db, { now: new Date("2026-12-11T09:00:00Z") });
    expect(await digestsTo(shop.owner.email)).toHaveLength(0);
    expect(await digestsTo(cashier.email)).toHaveLength(0);
  });

  it("refuses a time zone Intl does not know and a time that is not HH:MM", async () => {
    const shop = await business();
    const who = { userId: shop.owner.id, providerId: shop.providerId };
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    await expect(setDigestSettings(db, who, { enabled: true, timeZone: "Mars/Olympus", sendTime: "08:00" })).rejects.toThrow(/IANA time zone/);
    await expect(setDigestSettings(db, who, { enabled: true, timeZone: "UTC", sendTime: "25:00" })).rejects.toThrow(/08:00/);
    expect(await db.staffMember.findUniqueOrThrow({ where: { userId_providerId: who }, select: { digestEnabled: true } })).toEqual({ digestEnabled: false });
  });
});
