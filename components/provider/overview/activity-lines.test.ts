import { describe, expect, it } from "vitest";
import type { OverviewActivity } from "@/lib/providers/get-provider-overview";
import { activityLines } from "./activity-lines";

const at = new Date("2026-12-07T10:00:00Z");
const later = new Date("2026-12-21T10:00:00Z");
let id = 100;
const ev = (rewardId: string, fromStatus: OverviewActivity["fromStatus"], toStatus: OverviewActivity["toStatus"], createdAt = at, reason: string | null = null): OverviewActivity => ({
  id: String(id--),
  rewardId,
  fromStatus,
  toStatus,
  amountMinor: 64n,
  currency: "EUR",
  reason,
  createdAt,
  orderId: `o-${rewardId}`,
  memberCode: "K7QM4XTR",
  memberName: "Maya",
});

describe("the overview's activity feed", () => {
  it("an automatically processed reward reads as issued, not as pending review", () => {
    // Newest first, as the overview lists them.
    const lines = activityLines([
      ev("a", "PENDING", "AVAILABLE", later),
      ev("a", "PENDING_REVIEW", "PENDING", at, "automatic processing"),
      ev("a", null, "PENDING_REVIEW", at, "purchase recorded"),
      ev("b", "PENDING", "AVAILABLE"),
      ev("b", "PENDING_REVIEW", "PENDING"),
      ev("b", null, "PENDING_REVIEW"),
      ev("c", null, "PENDING_REVIEW"),
    ]);
    expect(lines.map((l) => [l.rewardId, l.label, l.toStatus])).toEqual([
      ["a", "Cashback became available", "AVAILABLE"],
      ["a", "Cashback issued", "PENDING"],
      ["b", "Cashback issued, available at once", "AVAILABLE"],
      ["c", "Purchase recorded, waiting for review", "PENDING_REVIEW"],
    ]);
  });

  it("a refund and a reversal say what happened", () => {
    const lines = activityLines([ev("d", "PENDING", "REVERSED", later), ev("e", "AVAILABLE", "AVAILABLE", later), ev("f", "PENDING_REVIEW", "REJECTED", later)]);
    expect(lines.map((l) => l.label)).toEqual(["Cashback reversed", "Refund recorded; reversal due", "No cashback"]);
  });
});
