import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getHistoryItem } from "@/lib/members/get-history-item";

/**
 * Decides "not yours or not there" before anything streams, so the answer is a real 404 (a page below a
 * loading boundary would already have sent 200). No loading boundary sits above this segment for that
 * reason: the wallet's and the history list's live in their own route groups.
 */
export default async function HistoryItemLayout({ children, params }: { children: React.ReactNode; params: Promise<{ rewardId: string }> }) {
  const { rewardId } = await params;
  const user = await requireUser(`/wallet/history/${rewardId}`);
  if (!(await getHistoryItem(user.id, rewardId))) notFound();
  return children;
}
