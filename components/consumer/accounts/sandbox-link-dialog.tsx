"use client";

import { useId, useState } from "react";
import { Landmark } from "lucide-react";
import { Alert, Button } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";
import { cn } from "@/lib/utils/cn";

export interface SandboxLinkDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  institutions: { id: string; name: string }[];
  createPublicToken: (input: { institutionId: string }) => Promise<ActionResult<{ publicToken: string }>>;
  /** Resolves to an error message, or null once linked. */
  exchange: (publicToken: string) => Promise<string | null>;
}

/** Stands in for Plaid Link in the sandbox: pick a test bank, and the sandbox issues a public token for it. */
export function SandboxLinkDialog({ open, onOpenChange, institutions, createPublicToken, exchange }: SandboxLinkDialogProps) {
  const [choice, setChoice] = useState(institutions[0]?.id ?? "");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = useId();

  async function submit() {
    setPending(true);
    setError(null);
    const token = await createPublicToken({ institutionId: choice });
    const failure = token.ok ? await exchange(token.data.publicToken) : token.error.message;
    setPending(false);
    if (failure) setError(failure);
    else onOpenChange(false);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!pending) onOpenChange(next);
      }}
      dismissible={!pending}
      title="Link a test bank"
      description="Sandbox mode: no real bank is contacted. Choose a test bank to link its checking account."
      footer={
        <>
          <Button variant="outline" disabled={pending} onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button loading={pending} disabled={!choice} onClick={submit}>
            Continue
          </Button>
        </>
      }
    >
      <fieldset className="space-y-2">
        <legend className="sr-only">Test bank</legend>
        {institutions.map((institution) => (
          <label
            key={institution.id}
            className={cn(
              "flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-border px-4 py-3 text-sm font-medium has-[:checked]:border-primary has-[:checked]:bg-surface-muted",
            )}
          >
            <input type="radio" name={name} value={institution.id} checked={choice === institution.id} onChange={() => setChoice(institution.id)} className="size-4 accent-current" />
            <Landmark aria-hidden className="size-4 text-muted-foreground" />
            {institution.name}
          </label>
        ))}
      </fieldset>
      {error ? (
        <Alert variant="danger" className="mt-4">
          {error}
        </Alert>
      ) : null}
    </Dialog>
  );
}
