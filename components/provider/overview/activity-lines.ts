import type { RewardStatus } from "@/lib/db/generated/enums";
import type { OverviewActivity } from "@/lib/providers/get-provider-overview";

export type ActivityLine = OverviewActivity & { label: string };

/** What a change of a reward's status means, in words (from null: the reward was created). */
export function describeChange(from: RewardStatus | null, to: RewardStatus): string {
  if (from === to) return to === "AVAILABLE" ? "Refund recorded; reversal due" : "Amount changed";
  switch (to) {
    case "PENDING_REVIEW":
      return from === null ? "Purchase recorded, waiting for review" : "Sent back to review";
    case "HELD":
      return "Held for review";
    case "PENDING":
      return "Cashback issued";
    case "AVAILABLE":
      return from === "PENDING" ? "Cashback became available" : "Cashback issued, available at once";
    case "REJECTED":
      return from === null || from === "PENDING_REVIEW" ? "No cashback" : "Rejected";
    case "REVERSED":
      return "Cashback reversed";
    case "EXPIRED":
      return "Cashback expired";
  }
}

/**
 * The feed's lines from reward events, newest first. A reward's events written in the same moment (recorded →
 * issued automatically → available at once) are one thing that happened: one line, labelled from the first
 * status to the last, so an automatically issued reward never reads as "Pending review".
 */
export function activityLines(events: OverviewActivity[]): ActivityLine[] {
  const lines: ActivityLine[] = [];
  let group: OverviewActivity[] = [];
  const flush = () => {
    const newest = group[0];
    const oldest = group[group.length - 1];
    if (newest && oldest) lines.push({ ...newest, fromStatus: oldest.fromStatus, label: describeChange(oldest.fromStatus, newest.toStatus) });
    group = [];
  };
  for (const e of events) {
    const last = group[group.length - 1];
    if (last && (last.rewardId !== e.rewardId || last.createdAt.getTime() !== e.createdAt.getTime())) flush();
    group.push(e);
  }
  flush();
  return lines;
}
