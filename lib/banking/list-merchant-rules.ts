import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { MerchantRuleView } from "./merchant-rules";

/** The provider's merchant match rules, across its programs, oldest first. */
export async function listMerchantRules(db: DbOrTx, providerId: string): Promise<MerchantRuleView[]> {
  return db.merchantMatchRule.findMany({
    where: { program: { providerId } },
    orderBy: { createdAt: "asc" },
    select: { id: true, programId: true, kind: true, pattern: true, createdAt: true },
  });
}
