import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { countUnread } from "./count-unread";
import { createNotification } from "./create-notification";
import { dayKey, groupByDay, timeZoneOr } from "./group-by-day";
import { markAllNotificationsRead, markNotificationRead } from "./mark-read";
import { setPreference } from "./set-preference";

async function aUser() {
  return db.user.create({ data: { email: `bell-${randomUUID().slice(0, 8)}@notes.test`, passwordHash: "x" } });
}

describe("the bell's unread count", () => {
  it("counts the member's own unread notifications, and clears as they are read", async () => {
    const me = await aUser();
    const someoneElse = await aUser();
    for (const kind of ["EARNED", "AVAILABLE", "RECEIPT"] as const) await createNotification(db, { userId: me.id, kind, data: {} });
    await createNotification(db, { userId: someoneElse.id, kind: "EARNED", data: {} });
    expect(await countUnread(me.id)).toBe(3);

    const first = await db.notification.findFirstOrThrow({ where: { userId: me.id }, orderBy: { id: "asc" } });
    await markNotificationRead(me.id, first.id.toString());
    expect(await countUnread(me.id)).toBe(2);

    await markAllNotificationsRead(me.id);
    expect(await countUnread(me.id)).toBe(0);
    expect(await countUnread(someoneElse.id)).toBe(1);
  });

  it("does not count kinds the member muted in the app (the centre does not show them either)", async () => {
    const me = await aUser();
    await createNotification(db, { userId: me.id, kind: "EARNED", data: {} });
    await createNotification(db, { userId: me.id, kind: "RECEIPT", data: {} });
    await setPreference(me.id, { kind: "RECEIPT", inApp: false, email: false });
    expect(await countUnread(me.id)).toBe(1);
  });
});

describe("notifications grouped by day", () => {
  const at = (iso: string) => ({ createdAt: new Date(iso) });
  const now = new Date("2026-12-07T10:00:00Z");

  it("keeps the newest-first order under Today, Yesterday and then the date", () => {
    const items = [at("2026-12-07T09:00:00Z"), at("2026-12-07T00:10:00Z"), at("2026-12-06T23:50:00Z"), at("2026-11-30T12:00:00Z"), at("2025-12-24T12:00:00Z")];
    const groups = groupByDay(items, { timeZone: "UTC", now });
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      ["Today", 2],
      ["Yesterday", 1],
      ["Monday 30 November", 1],
      ["Wednesday, 24 December 2025", 1],
    ]);
    expect(groups.flatMap((g) => g.items)).toEqual(items);
  });

  it("never shows one day twice, even when an item is dated before the one listed after it", () => {
    const items = [at("2026-12-07T09:00:00Z"), at("2026-10-06T12:00:00Z"), at("2026-12-07T08:00:00Z"), at("2026-10-06T09:00:00Z")];
    const groups = groupByDay(items, { timeZone: "UTC", now });
    expect(groups.map((g) => [g.day, g.items.length])).toEqual([
      ["2026-12-07", 2],
      ["2026-10-06", 2],
    ]);
  });

  it("counts days in the member's time zone: 23:30 in New York is still that day there", () => {
    const items = [at("2026-12-07T04:30:00Z"), at("2026-12-06T15:00:00Z")];
    expect(groupByDay(items, { timeZone: "UTC", now }).map((g) => g.label)).toEqual(["Today", "Yesterday"]);
    // 04:30 UTC on the 7th is 23:30 on the 6th in New York, where "now" (10:00 UTC) is 05:00 on the 7th.
    expect(groupByDay(items, { timeZone: "America/New_York", now }).map((g) => [g.label, g.items.length])).toEqual([["Yesterday", 2]]);
    expect(dayKey(new Date("2026-12-06T23:30:00Z"), "Asia/Tokyo")).toBe("2026-12-07");
  });

  it("falls back to UTC for a missing or unknown zone", () => {
    expect(timeZoneOr(undefined)).toBe("UTC");
    expect(timeZoneOr("Mars/Olympus_Mons")).toBe("UTC");
    expect(timeZoneOr("x".repeat(100))).toBe("UTC");
    expect(timeZoneOr("Europe/Paris")).toBe("Europe/Paris");
  });
});
