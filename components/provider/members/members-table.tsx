import Link from "next/link";
import { Badge, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { MemberStatus } from "@/lib/db/generated/enums";
import type { ProgramMemberRow } from "@/lib/members/list-program-members";

const STATUS: Record<MemberStatus, { label: string; variant: "success" | "warning" | "neutral" }> = {
  ACTIVE: { label: "Active", variant: "success" },
  PENDING_PAYMENT: { label: "Not paid yet", variant: "warning" },
  SUSPENDED: { label: "Suspended", variant: "warning" },
  LEFT: { label: "Left", variant: "neutral" },
};

/** Blocked from earning by the business wins over the membership's own status: it is what staff act on. */
function MemberStatusBadge({ status, blocked }: { status: MemberStatus; blocked: boolean }) {
  if (blocked) {
    return (
      <Badge variant="danger" dot>
        Blocked
      </Badge>
    );
  }
  const s = STATUS[status];
  return (
    <Badge variant={s.variant} dot>
      {s.label}
    </Badge>
  );
}

export function MembersTable({ members, showProgram }: { members: ProgramMemberRow[]; showProgram: boolean }) {
  return (
    <Table label="Members">
      <THead>
        <TR>
          <TH>Member</TH>
          <TH>Code</TH>
          {showProgram ? <TH>Program</TH> : null}
          <TH>Joined</TH>
          <TH>Status</TH>
          <TH numeric>Available</TH>
          <TH numeric>Pending</TH>
          <TH numeric>Lifetime</TH>
        </TR>
      </THead>
      <TBody>
        {members.map((m) => (
          <TR key={m.id}>
            <TD>
              <Link href={`/dashboard/members/${m.id}`} className="font-medium text-foreground underline-offset-4 hover:underline">
                {m.name ?? m.email}
              </Link>
              {m.name ? <p className="text-xs text-muted-foreground">{m.email}</p> : null}
            </TD>
            <TD className="font-mono text-xs">{m.code}</TD>
            {showProgram ? <TD>{m.program.name}</TD> : null}
            <TD className="whitespace-nowrap">{m.joinedAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
            <TD>
              <MemberStatusBadge status={m.status} blocked={m.blocked} />
            </TD>
            <TD numeric>
              <Money amountMinor={m.available} currency={m.program.currency} />
            </TD>
            <TD numeric>
              <Money amountMinor={m.pending} currency={m.program.currency} />
            </TD>
            <TD numeric>
              <Money amountMinor={m.lifetime} currency={m.program.currency} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
