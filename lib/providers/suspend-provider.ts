import type { Db } from "@/lib/db/client";
import { changeProviderStatus, type ChangedProvider, type ProviderStatusChange } from "./change-provider-status";

/**
 * Suspends a business (docs: PRODUCT "Operating the platform"): its earning and spending endpoints answer 403
 * `program_suspended` and record nothing, its page says the program is paused, its staff see the reason;
 * members keep their balances and may still withdraw.
 */
export function suspendProvider(db: Db, input: ProviderStatusChange): Promise<ChangedProvider> {
  return changeProviderStatus(db, input, {
    action: "provider.suspend",
    from: ["ACTIVE", "PENDING"],
    to: "SUSPENDED",
    refusal: "This business is {status}; it cannot be suspended.",
  });
}
