"use client";

import { useState } from "react";
import { Badge, Button, ConfirmDialog, TBody, TD, TH, THead, TR, Table, toast } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/result";
import type { StaffRole } from "@/lib/db/generated/enums";
import { ROLE_META } from "./roles";

export type StaffTableRow = { userId: string; name: string | null; email: string; role: StaffRole; since: Date };

export interface StaffTableProps {
  providerId: string;
  currentUserId: string;
  actorRole: StaffRole;
  staff: StaffTableRow[];
  remove: (input: { providerId: string; userId: string }) => Promise<ActionResult<{ userId: string }>>;
}

export function StaffTable({ providerId, currentUserId, actorRole, staff, remove }: StaffTableProps) {
  const [removing, setRemoving] = useState<StaffTableRow | null>(null);
  const owners = staff.filter((s) => s.role === "OWNER").length;

  // The server decides; this only hides buttons that would certainly be refused.
  const canRemove = (s: StaffTableRow) => {
    if (s.role === "OWNER" && owners <= 1) return false;
    if (s.userId === currentUserId) return true;
    return actorRole === "OWNER" || s.role === "CASHIER";
  };

  return (
    <>
      <Table label="Staff">
        <THead>
          <TR>
            <TH>Person</TH>
            <TH>Role</TH>
            <TH>Since</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </TR>
        </THead>
        <TBody>
          {staff.map((s) => (
            <TR key={s.userId}>
              <TD>
                <p className="font-medium">
                  {s.name ?? s.email}
                  {s.userId === currentUserId ? <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span> : null}
                </p>
                {s.name ? <p className="text-xs text-muted-foreground">{s.email}</p> : null}
              </TD>
              <TD>
                <Badge variant={ROLE_META[s.role].variant}>{ROLE_META[s.role].label}</Badge>
              </TD>
              <TD className="whitespace-nowrap">{s.since.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
              <TD className="text-right">
                {canRemove(s) ? (
                  <Button variant="ghost" size="sm" onClick={() => setRemoving(s)}>
                    {s.userId === currentUserId ? "Leave" : "Remove"}
                  </Button>
                ) : null}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={removing?.userId === currentUserId ? "Leave this business?" : `Remove ${removing?.name ?? removing?.email ?? ""}?`}
        description={
          removing?.userId === currentUserId
            ? "You lose access at once. Another owner or manager can add you again."
            : "They lose access at once. Their past work (purchases, reviews) stays recorded."
        }
        confirmLabel={removing?.userId === currentUserId ? "Leave" : "Remove"}
        destructive
        onConfirm={async () => {
          if (!removing) return;
          const result = await remove({ providerId, userId: removing.userId });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`${removing.name ?? removing.email} no longer has access`);
        }}
      />
    </>
  );
}
