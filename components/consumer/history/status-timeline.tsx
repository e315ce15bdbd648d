import { Money, StatusBadge } from "@/components/ui";
import type { ActorType, Currency, RewardStatus } from "@/lib/db/generated/enums";
import { formatDateTime } from "../wallet/format-date";

const ACTORS: Record<ActorType, string> = { SYSTEM: "Boomerang", USER: "the shop", WEBHOOK: "the shop's system", CLI: "an operator", API_KEY: "the shop" };

type Event = { id: bigint; fromStatus: RewardStatus | null; toStatus: RewardStatus; amountMinor: bigint; actorType: ActorType; reason: string | null; createdAt: Date };

/** A reward's status changes, oldest first, with who (kind of actor only) and why. */
export function StatusTimeline({ events, currency }: { events: Event[]; currency: Currency }) {
  return (
    <ol className="relative space-y-4 border-l border-border pl-5" data-testid="status-timeline">
      {events.map((e) => (
        <li key={String(e.id)} className="relative">
          <span aria-hidden className="absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full border-2 border-surface bg-border-strong" />
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={e.toStatus} />
            <Money amountMinor={e.amountMinor} currency={currency} className="text-sm" />
          </div>
          <p className="mt-1 text-sm text-muted-foreground">
            {formatDateTime(e.createdAt)} · by {ACTORS[e.actorType]}
          </p>
          {e.reason ? <p className="text-sm">{e.reason.charAt(0).toUpperCase() + e.reason.slice(1)}</p> : null}
        </li>
      ))}
    </ol>
  );
}
