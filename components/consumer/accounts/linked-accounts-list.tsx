"use client";

import { useState } from "react";
import { Landmark } from "lucide-react";
import { Badge, Button, Card, CardContent } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { LinkedAccountView } from "@/lib/banking/link-account";
import { ReconnectButton, type ReconnectButtonProps } from "./reconnect-button";

export type LinkedAccountItem = LinkedAccountView;

const STATUS = {
  ACTIVE: { label: "Tracking", variant: "success" },
  LOGIN_REQUIRED: { label: "Log in again", variant: "warning" },
  REVOKED: { label: "Unlinked", variant: "neutral" },
} as const;

export function LinkedAccountsList({
  accounts,
  unlink,
  reconnect,
}: {
  accounts: LinkedAccountItem[];
  unlink: (input: { linkedAccountId: string }) => Promise<ActionResult<{ id: string }>>;
  reconnect: Omit<ReconnectButtonProps, "linkedAccountId" | "bankName">;
}) {
  const [unlinking, setUnlinking] = useState<LinkedAccountItem | null>(null);
  const label = (a: LinkedAccountItem) => `${a.institutionName ?? "Bank account"}${a.mask ? ` ••${a.mask}` : ""}`;
  return (
    <>
      <ul className="space-y-3" aria-label="Linked accounts">
        {accounts.map((a) => (
          <li key={a.id} data-testid="linked-account" data-item-id={a.plaidItemId}>
            <Card>
              <CardContent className="flex items-center gap-4 p-4">
                <div aria-hidden className="flex size-10 shrink-0 items-center justify-center rounded-full bg-surface-muted text-muted-foreground">
                  <Landmark className="size-5" />
                </div>
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">{a.institutionName ?? "Bank account"}</p>
                  <p className="truncate text-sm text-muted-foreground">
                    {a.accountName ?? "Account"}
                    {a.mask ? ` ••${a.mask}` : ""}
                  </p>
                  {a.status === "LOGIN_REQUIRED" ? (
                    <p className="text-xs text-warning">Your bank asks you to log in again; until then, purchases with this account earn nothing.</p>
                  ) : null}
                  <p className="text-xs text-subtle-foreground">
                    {a.lastSyncedAt ? `Checked ${a.lastSyncedAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}` : "Waiting for the first transactions"}
                  </p>
                </div>
                <div className="flex shrink-0 flex-col items-end gap-2">
                  <Badge variant={STATUS[a.status].variant}>{STATUS[a.status].label}</Badge>
                  {a.status === "LOGIN_REQUIRED" ? <ReconnectButton linkedAccountId={a.id} bankName={a.institutionName ?? "your bank"} {...reconnect} /> : null}
                  <Button variant="ghost" size="sm" onClick={() => setUnlinking(a)} aria-label={`Unlink ${label(a)}`}>
                    Unlink
                  </Button>
                </div>
              </CardContent>
            </Card>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={unlinking !== null}
        onOpenChange={(open) => {
          if (!open) setUnlinking(null);
        }}
        title={`Unlink ${unlinking ? label(unlinking) : ""}?`}
        description="We stop reading its transactions and ask Plaid to revoke our access. Cashback you already earned stays."
        confirmLabel="Unlink"
        destructive
        onConfirm={async () => {
          if (!unlinking) return;
          const result = await unlink({ linkedAccountId: unlinking.id });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`${label(unlinking)} unlinked`);
        }}
      />
    </>
  );
}
