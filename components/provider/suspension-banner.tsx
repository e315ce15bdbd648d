import { Alert } from "@/components/ui";
import type { ProviderStatus } from "@/lib/db/generated/enums";

/**
 * Tells the staff of a suspended (or not yet approved) business why nothing can be earned or spent. The
 * standing comes from the provider row the dashboard layout already read (requireStaff).
 */
export function SuspensionBanner({ standing }: { standing: { status: ProviderStatus; suspendedReason: string | null } }) {
  if (standing.status === "ACTIVE") return null;
  if (standing.status === "PENDING") {
    return (
      <Alert variant="warning" title="Waiting for the platform's approval" className="mb-6">
        Until a platform admin approves this business, order events, the register and redemptions are refused. Your members are not affected.
      </Alert>
    );
  }
  return (
    <Alert variant="danger" title="This business is suspended by the platform" className="mb-6">
      <p>
        Reason: <strong>{standing.suspendedReason ?? "not given"}</strong>
      </p>
      <p className="mt-1">
        Until it is reinstated, order events, shop webhooks, redemptions, the register and receipts are refused (403 program_suspended) and your program page says the program is paused. Members keep their
        balances and can still withdraw. Contact the platform to resolve it.
      </p>
    </Alert>
  );
}
