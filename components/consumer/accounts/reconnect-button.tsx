"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { PlaidLinkLauncher } from "./plaid-link-launcher";

type Reconnected = ActionResult<{ id: string; institutionName: string | null }>;

export interface ReconnectButtonProps {
  linkedAccountId: string;
  bankName: string;
  /** "plaid": Plaid Link in update mode; "sandbox": our stand-in dialog (Plaid's Link script cannot load offline). */
  mode: "plaid" | "sandbox";
  createLinkToken: (input: { linkedAccountId: string }) => Promise<ActionResult<{ linkToken: string; expiration: string }>>;
  complete: (input: { linkedAccountId: string }) => Promise<Reconnected>;
  sandboxReconnect: (input: { linkedAccountId: string }) => Promise<Reconnected>;
}

/** "Log in again" for an account whose bank wants a new login: Plaid Link's update mode, then a catch-up sync. */
export function ReconnectButton({ linkedAccountId, bankName, mode, createLinkToken, complete, sandboxReconnect }: ReconnectButtonProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [linkToken, setLinkToken] = useState<string | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function done(result: Reconnected): string | null {
    if (!result.ok) return result.error.message;
    toast.success(`${bankName} reconnected`, { description: "Purchases with this account earn cashback again." });
    router.refresh();
    return null;
  }

  async function start() {
    if (mode === "sandbox") return setDialogOpen(true);
    setPending(true);
    const token = await createLinkToken({ linkedAccountId });
    setPending(false);
    if (!token.ok) return void toast.error(token.error.message);
    setLinkToken(token.data.linkToken);
  }

  async function sandboxLogIn() {
    setPending(true);
    setError(null);
    const failure = done(await sandboxReconnect({ linkedAccountId }));
    setPending(false);
    if (failure) setError(failure);
    else setDialogOpen(false);
  }

  return (
    <>
      <Button size="sm" loading={pending && !dialogOpen} onClick={start}>
        Log in again
      </Button>
      {linkToken ? (
        <PlaidLinkLauncher
          token={linkToken}
          onDone={async (publicToken) => {
            setLinkToken(null);
            // Update mode has nothing to exchange: success means the member logged in; Plaid confirms it.
            if (!publicToken) return;
            const failure = done(await complete({ linkedAccountId }));
            if (failure) toast.error(failure);
          }}
        />
      ) : null}
      {mode === "sandbox" ? (
        <Dialog
          open={dialogOpen}
          onOpenChange={(next) => {
            if (!pending) setDialogOpen(next);
          }}
          dismissible={!pending}
          title={`Log in to ${bankName} again`}
          description="Sandbox mode: no real bank is contacted. Logging in here is what you would do in your bank's window."
          footer={
            <>
              <Button variant="outline" disabled={pending} onClick={() => setDialogOpen(false)}>
                Cancel
              </Button>
              <Button loading={pending} onClick={sandboxLogIn}>
                Log in
              </Button>
            </>
          }
        >
          {error ? <Alert variant="danger">{error}</Alert> : <p className="text-sm text-muted-foreground">Your account stays linked; we read the purchases made meanwhile.</p>}
        </Dialog>
      ) : null}
    </>
  );
}
