import type { MemberStatus } from "@/lib/db/generated/enums";

/** What the wallet suggests a member does next in one program. Pure, so the wallet and its tests agree. */
export type NextAction =
  | { kind: "show-card"; label: string; href: string }
  | { kind: "upload-receipt"; label: string; href: string }
  | { kind: "link-card"; label: string; href: string }
  | { kind: "finish-joining"; label: string; href: string }
  | { kind: "wait-review"; label: string; href: string }
  | { kind: "suspended"; label: string; href: null };

export function nextAction(m: {
  memberId: string;
  status: MemberStatus;
  programSlug: string;
  rewardCount: number;
  inReviewCount: number;
  /** Whether the person has a bank or card account linked (purchases then earn on their own). */
  hasLinkedAccount?: boolean;
}): NextAction {
  if (m.status === "SUSPENDED") return { kind: "suspended", label: "Your membership is suspended: purchases earn nothing until the shop restores it.", href: null };
  if (m.status === "PENDING_PAYMENT") return { kind: "finish-joining", label: "Finish joining: your membership is not paid yet", href: `/join/${m.programSlug}` };
  // Nothing earned yet: the quickest way to a first reward is the card at the till.
  if (m.rewardCount === 0) return { kind: "show-card", label: "Show your card in store", href: `/wallet/card?program=${m.memberId}` };
  if (m.inReviewCount > 0) {
    const n = m.inReviewCount;
    return { kind: "wait-review", label: `${n} purchase${n === 1 ? "" : "s"} waiting for the shop's review`, href: `/wallet/history?program=${m.memberId}` };
  }
  if (m.hasLinkedAccount === false) return { kind: "link-card", label: "Link a card: purchases there earn on their own", href: "/wallet/accounts" };
  return { kind: "upload-receipt", label: "Upload a missing receipt", href: "/wallet/receipts" };
}
