import type { Db } from "@/lib/db/client";
import { changeProviderStatus, type ChangedProvider, type ProviderStatusChange } from "./change-provider-status";

/** Ends a suspension: the business earns and spends again from the next request on. */
export function reinstateProvider(db: Db, input: ProviderStatusChange): Promise<ChangedProvider> {
  return changeProviderStatus(db, input, {
    action: "provider.reinstate",
    from: ["SUSPENDED"],
    to: "ACTIVE",
    refusal: "This business is {status}, not suspended: approve it instead.",
  });
}
