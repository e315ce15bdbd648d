import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { countUnread } from "./count-unread";
import { createNotification } from "./create-notification";
import { getPreferences } from "./get-preferences";
import { listNotifications } from "./list-notifications";
import { markAllNotificationsRead, markNotificationRead } from "./mark-read";
import { renderNotification } from "./render-notification";
import { sendNotificationEmails } from "./send-notification-emails";
import { setPreference } from "./set-preference";
import { warnExpiringCashback } from "./warn-expiring-cashback";

const DAY = 24 * 60 * 60 * 1000;
const short = () => randomUUID().slice(0, 8);

async function user(name: string) {
  return db.user.create({ data: { email: `n-${short()}@notes.test`, name, passwordHash: "x" } });
}

let programId: string;

async function buy(memberId: string, amountMinor: bigint, now?: Date) {
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId: `o-${short()}`,
    origin: {},
    amountMinor,
    currency: "EUR",
    customer: { memberId },
    actor: { type: "WEBHOOK", id: "test" },
    now,
  });
  if (outcome.status !== "accepted" || !outcome.reward) throw new Error("expected a reward");
  return outcome.reward;
}

beforeAll(async () => {
  delete process.env.SMTP_URL;
  const owner = await user("Owner");
  programId = (await createProvider(db, { name: "Café Nord", slug: `nord-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 })).programId;
});

describe("notifications from reward changes", () => {
  it("renders the trigger's rows with formatted money and a link to the reward, newest first, paged by keyset", async () => {
    const ana = await user("Ana Lopez");
    const member = await joinProgram(db, { userId: ana.id, programId });
    const reward = await buy(member.id, 4210n);
    await releaseDueRewards(db, { now: new Date(Date.now() + 15 * DAY) });
    const page = await listNotifications(ana.id);
    expect(page.items.map((n) => [n.kind, n.title, n.href, n.read])).toEqual([
      ["AVAILABLE", "€4.21 is now available at Café Nord", `/wallet/history/${reward.id}`, false],
      ["EARNED", "You earned €4.21 at Café Nord", `/wallet/history/${reward.id}`, false],
    ]);
    expect(page.items[1]?.body).toMatch(/^It is pending until \d{1,2} [A-Z][a-z]{2} \d{4}, then you can use it\.$/);
    const first = await listNotifications(ana.id, { limit: 1 });
    expect(first.items.map((n) => n.kind)).toEqual(["AVAILABLE"]);
    const second = await listNotifications(ana.id, { limit: 1, cursor: first.nextCursor ?? undefined });
    expect([second.items.map((n) => n.kind), second.nextCursor]).toEqual([["EARNED"], null]);
  });

  it("renders every kind without trusting the data's shape", () => {
    expect(renderNotification("REJECTED", { programName: "X", reason: "Receipt unreadable", rewardId: "r1" })).toEqual({
      title: "Your cashback at X was not approved",
      body: "Receipt unreadable",
      href: "/wallet/history/r1",
    });
    expect(renderNotification("REVERSED", { amountMinor: "120", currency: "PTS", programName: "P" }).title).toBe("120 pts was taken back at P");
    expect(renderNotification("RECEIPT", { amountMinor: "4210", currency: "EUR", programName: "C", purchasedOn: "2026-11-03" }).body).toBe(
      "Your €42.10 receipt from 3 Nov 2026 is waiting for review.",
    );
    expect(renderNotification("EARNED", { amountMinor: 12.5, currency: "EUR" }).title).toBe("You earned Cashback at a program");
    expect(renderNotification("AVAILABLE", "garbage").title).toBe("Cashback is now available at a program");
  });
});

describe("reading and preferences", () => {
  it("marks only the reader's own notifications read", async () => {
    const [a, b] = [await user("A"), await user("B")];
    await createNotification(db, { userId: a.id, kind: "WITHDRAWAL", data: { status: "PAID" } });
    await createNotification(db, { userId: b.id, kind: "WITHDRAWAL", data: { status: "PAID" } });
    const [mine] = (await listNotifications(a.id)).items;
    const [theirs] = (await listNotifications(b.id)).items;
    if (!mine || !theirs) throw new Error("expected notifications");
    await expect(markNotificationRead(a.id, theirs.id)).rejects.toBeInstanceOf(DomainError);
    await expect(markNotificationRead(a.id, "not-a-number")).rejects.toBeInstanceOf(DomainError);
    expect(await countUnread(b.id)).toBe(1);
    await markNotificationRead(a.id, mine.id);
    await markNotificationRead(a.id, mine.id); // twice is fine
    expect(await countUnread(a.id)).toBe(0);
    await createNotification(db, { userId: a.id, kind: "RECEIPT", data: {} });
    await createNotification(db, { userId: a.id, kind: "EARNED", data: {} });
    expect(await markAllNotificationsRead(a.id)).toBe(2);
    expect([await countUnread(a.id), await countUnread(b.id)]).toEqual([0, 1]);
  });

  it("hides kinds muted in the app from the centre and the unread count", async () => {
    const c = await user("C");
    await createNotification(db, { userId: c.id, kind: "RECEIPT", data: {} });
    await createNotification(db, { userId: c.id, kind: "EARNED", data: {} });
    expect((await getPreferences(c.id)).every((p) => p.inApp && p.email)).toBe(true);
    await setPreference(c.id, { kind: "RECEIPT", inApp: false, email: true });
    expect((await getPreferences(c.id)).find((p) => p.kind === "RECEIPT")).toEqual({ kind: "RECEIPT", inApp: false, email: true });
    expect((await listNotifications(c.id)).items.map((n) => n.kind)).toEqual(["EARNED"]);
    expect(await countUnread(c.id)).toBe(1);
  });
});

describe("notifications.send-email job", () => {
  it("e-mails pending notifications to the outbox, skips kinds muted for e-mail, deleted accounts and stale news", async () => {
    await sendNotificationEmails(db); // whatever earlier tests left
    const d = await user("Dora Diaz");
    const gone = await user("Gone");
    await setPreference(d.id, { kind: "EARNED", inApp: true, email: false });
    await createNotification(db, { userId: d.id, kind: "AVAILABLE", data: { amountMinor: "250", currency: "EUR", programName: "Café Nord", rewardId: "rw-1" } });
    await createNotification(db, { userId: d.id, kind: "EARNED", data: {} });
    await createNotification(db, { userId: gone.id, kind: "AVAILABLE", data: {} });
    await db.user.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    await createNotification(db, { userId: d.id, kind: "REJECTED", data: {} });
    await db.notification.updateMany({ where: { userId: d.id, kind: "REJECTED" }, data: { createdAt: new Date(Date.now() - 3 * DAY) } });

    expect(await sendNotificationEmails(db, { batchSize: 2 })).toEqual({ sent: 1, skipped: 3 });
    const statuses = await db.notification.findMany({ where: { userId: { in: [d.id, gone.id] } }, select: { kind: true, emailStatus: true, userId: true } });
    expect(statuses.map((s) => `${s.userId === gone.id ? "gone" : "d"}:${s.kind}:${s.emailStatus}`).sort()).toEqual([
      "d:AVAILABLE:SENT",
      "d:EARNED:SKIPPED",
      "d:REJECTED:SKIPPED",
      "gone:AVAILABLE:SKIPPED",
    ]);
    const mail = await db.emailMessage.findMany({ where: { to: d.email } });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: "€2.50 is now available at Café Nord", transport: "outbox" });
    expect(mail[0]?.text).toContain("Hi Dora,");
    expect(mail[0]?.text).toContain("/wallet/history/rw-1");
    // Nothing is sent twice.
    expect(await sendNotificationEmails(db)).toEqual({ sent: 0, skipped: 0 });
  });

  it("never sends one notification twice when workers run at the same time", async () => {
    const e = await user("Eve");
    for (let i = 0; i < 12; i++) await createNotification(db, { userId: e.id, kind: "WITHDRAWAL", data: { status: "PAID" } });
    const runs = await Promise.all([sendNotificationEmails(db, { batchSize: 3 }), sendNotificationEmails(db, { batchSize: 3 }), sendNotificationEmails(db, { batchSize: 3 })]);
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(12);
    expect(await db.emailMessage.count({ where: { to: e.email } })).toBe(12);
  });
});

describe("expiry warnings", () => {
  it("warns once, 14 days ahead, for at most what is still available", async () => {
    const f = await user("Fay");
    const member = await joinProgram(db, { userId: f.id, programId });
    await db.program.update({ where: { id: programId }, data: { expiryMonths: 12 } });
    // As if expiry had been set before this cashback was earned (turning it on restarts the clock: lib/expiry).
    await db.program.update({ where: { id: programId }, data: { expiryClockFrom: null } });
    const earnedAt = new Date("2025-11-01T12:00:00Z");
    await buy(member.id, 10_000n, earnedAt);
    await releaseDueRewards(db, { now: new Date(earnedAt.getTime() + 15 * DAY) });
    const available = await db.reward.findFirstOrThrow({ where: { memberId: member.id }, select: { availableAt: true, status: true } });
    expect(available.status).toBe("AVAILABLE");
    const expires = new Date((available.availableAt ?? earnedAt).getTime());
    expires.setUTCFullYear(expires.getUTCFullYear() + 1);
    expect((await warnExpiringCashback(db, { now: new Date(expires.getTime() - 20 * DAY) })).warned).toBe(0);
    expect((await warnExpiringCashback(db, { now: new Date(expires.getTime() - 10 * DAY) })).warned).toBe(1);
    expect((await warnExpiringCashback(db, { now: new Date(expires.getTime() - 9 * DAY) })).warned).toBe(0);
    const [note] = await db.notification.findMany({ where: { userId: f.id, kind: "EXPIRING" } });
    expect(note?.data).toMatchObject({ amountMinor: "1000", currency: "EUR" });
    expect(renderNotification("EXPIRING", note?.data).title).toMatch(/^€10\.00 at Café Nord expires on \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    await db.program.update({ where: { id: programId }, data: { expiryMonths: null } });
  });
});
