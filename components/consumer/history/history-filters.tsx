import { Filter } from "lucide-react";
import { Button, Select, rewardStatusLabel } from "@/components/ui";
import { HISTORY_STATUSES } from "@/lib/members/history-view";

/** Program and status filters as a plain GET form: the URL is the state, and it works without JavaScript. */
export function HistoryFilters({ programs, program, status }: { programs: { memberId: string; name: string }[]; program?: string; status?: string }) {
  return (
    <form method="get" action="/wallet/history" className="grid grid-cols-2 gap-2 sm:grid-cols-[1fr_1fr_auto]" aria-label="Filter the history">
      <label className="space-y-1 text-sm">
        <span className="font-medium">Program</span>
        <Select name="program" defaultValue={program ?? ""}>
          <option value="">All programs</option>
          {programs.map((p) => (
            <option key={p.memberId} value={p.memberId}>
              {p.name}
            </option>
          ))}
        </Select>
      </label>
      <label className="space-y-1 text-sm">
        <span className="font-medium">Status</span>
        <Select name="status" defaultValue={status ?? ""}>
          <option value="">Any status</option>
          {HISTORY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {rewardStatusLabel(s)}
            </option>
          ))}
        </Select>
      </label>
      <Button type="submit" variant="outline" className="col-span-2 self-end sm:col-span-1">
        <Filter aria-hidden />
        Apply
      </Button>
    </form>
  );
}
