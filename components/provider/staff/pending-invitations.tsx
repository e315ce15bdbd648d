"use client";

import { useState } from "react";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { StaffRole } from "@/lib/db/generated/enums";
import type { Currency } from "@/lib/money/currency";
import { ROLE_META, grantableRoles } from "./roles";

export type InvitationView = { id: string; email: string; role: StaffRole; dailyCapMinor: string | null; dailyCapCurrency: Currency | null; invitedAt: Date; invitedBy: string | null };

export interface PendingInvitationsProps {
  providerId: string;
  actorRole: StaffRole;
  invitations: InvitationView[];
  revoke: (input: { providerId: string; invitationId: string }) => Promise<ActionResult<{ id: string; email: string }>>;
}

/** Invitations to addresses that have not signed up yet; they turn into staff when the person confirms their sign-up. */
export function PendingInvitations({ providerId, actorRole, invitations, revoke }: PendingInvitationsProps) {
  const [revoking, setRevoking] = useState<InvitationView | null>(null);
  const mayRevoke = (i: InvitationView) => grantableRoles(actorRole).includes(i.role);
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Pending invitations</CardTitle>
        <CardDescription>People invited who have not signed up yet. They get access as soon as they confirm their e-mail address.</CardDescription>
      </CardHeader>
      <CardContent>
        {invitations.length === 0 ? (
          <p className="text-sm text-muted-foreground">No pending invitations.</p>
        ) : (
          <Table label="Pending invitations">
            <THead>
              <TR>
                <TH>E-mail</TH>
                <TH>Role</TH>
                <TH>Daily cap</TH>
                <TH>Invited</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {invitations.map((i) => (
                <TR key={i.id} data-testid="invitation-row">
                  <TD className="font-medium break-all">{i.email}</TD>
                  <TD>
                    <Badge variant={ROLE_META[i.role].variant}>{ROLE_META[i.role].label}</Badge>
                  </TD>
                  <TD className="whitespace-nowrap">{i.dailyCapMinor === null || i.dailyCapCurrency === null ? <span className="text-muted-foreground">Program default</span> : <Money amountMinor={BigInt(i.dailyCapMinor)} currency={i.dailyCapCurrency} />}</TD>
                  <TD className="whitespace-nowrap">
                    {i.invitedAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}
                    {i.invitedBy ? <span className="block text-xs text-muted-foreground">by {i.invitedBy}</span> : null}
                  </TD>
                  <TD className="text-right">
                    {mayRevoke(i) ? (
                      <Button variant="ghost" size="sm" onClick={() => setRevoking(i)}>
                        Revoke
                      </Button>
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardContent>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) setRevoking(null);
        }}
        title={`Revoke the invitation of ${revoking?.email ?? ""}?`}
        description="If they sign up later with this address, they get no access to this business."
        confirmLabel="Revoke"
        destructive
        onConfirm={async () => {
          if (!revoking) return;
          const result = await revoke({ providerId, invitationId: revoking.id });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`Invitation of ${revoking.email} revoked`);
        }}
      />
    </Card>
  );
}
