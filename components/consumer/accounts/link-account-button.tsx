"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { PlaidLinkLauncher } from "./plaid-link-launcher";
import { SandboxLinkDialog } from "./sandbox-link-dialog";

export type LinkedSummary = { id: string; institutionName: string | null; accountName: string | null; mask: string | null };

export interface LinkAccountButtonProps {
  /** "plaid": Plaid's own Link; "sandbox": our test-bank dialog (Plaid's Link script cannot load offline). */
  mode: "plaid" | "sandbox";
  sandboxAvailable: boolean;
  institutions: { id: string; name: string }[];
  createLinkToken: (input: Record<string, never>) => Promise<ActionResult<{ linkToken: string; expiration: string }>>;
  createSandboxPublicToken: (input: { institutionId: string }) => Promise<ActionResult<{ publicToken: string }>>;
  exchangePublicToken: (input: { publicToken: string }) => Promise<ActionResult<LinkedSummary>>;
}

export function LinkAccountButton({ mode, sandboxAvailable, institutions, createLinkToken, createSandboxPublicToken, exchangePublicToken }: LinkAccountButtonProps) {
  const router = useRouter();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [linkToken, setLinkToken] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  /** Both paths end here: the server exchanges the public token and stores the account. */
  async function exchange(publicToken: string): Promise<string | null> {
    const result = await exchangePublicToken({ publicToken });
    if (!result.ok) return result.error.message;
    const { institutionName, accountName, mask } = result.data;
    toast.success(`${institutionName ?? "Your bank"} linked`, { description: [accountName, mask ? `••${mask}` : null].filter(Boolean).join(" ") || undefined });
    router.refresh();
    return null;
  }

  async function startPlaidLink() {
    setPending(true);
    const result = await createLinkToken({});
    setPending(false);
    if (!result.ok) {
      toast.error(result.error.message);
      return;
    }
    setLinkToken(result.data.linkToken);
  }

  return (
    <>
      <Button loading={pending} onClick={() => (mode === "plaid" ? startPlaidLink() : setDialogOpen(true))}>
        <Plus aria-hidden className="size-4" />
        Link an account
      </Button>
      {mode === "plaid" && linkToken ? (
        <PlaidLinkLauncher
          token={linkToken}
          onDone={async (publicToken) => {
            setLinkToken(null);
            if (!publicToken) return;
            const error = await exchange(publicToken);
            if (error) toast.error(error);
          }}
        />
      ) : null}
      {mode === "sandbox" && sandboxAvailable ? (
        <SandboxLinkDialog
          open={dialogOpen}
          onOpenChange={setDialogOpen}
          institutions={institutions}
          createPublicToken={createSandboxPublicToken}
          exchange={exchange}
        />
      ) : null}
    </>
  );
}
