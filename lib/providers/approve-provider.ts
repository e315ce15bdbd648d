import type { Db } from "@/lib/db/client";
import { changeProviderStatus, type ChangedProvider, type ProviderStatusChange } from "./change-provider-status";

/** Approves a business waiting for the platform (PROVIDER_APPROVAL=required). */
export function approveProvider(db: Db, input: ProviderStatusChange): Promise<ChangedProvider> {
  return changeProviderStatus(db, input, {
    action: "provider.approve",
    from: ["PENDING"],
    to: "ACTIVE",
    refusal: "This business is {status}, not waiting for approval.",
  });
}
