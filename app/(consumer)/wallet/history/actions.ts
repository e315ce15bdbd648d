"use server";

import { memberAction } from "@/lib/actions/safe-action";
import { historyFilterSchema } from "@/lib/members/history-view";
import { listHistory } from "@/lib/members/list-history";

/** The next page of the member's own history ("Load more"); the session decides whose. */
export const loadHistoryPage = memberAction(historyFilterSchema, async (filter, { user }) => listHistory(user.id, filter));
