"use client";

import { useState } from "react";
import { Eye, EyeOff, RefreshCw } from "lucide-react";
import { Alert, Button } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { CopyField } from "./copy-button";

type ProgramRef = { providerId: string; programId: string };

export interface SigningSecretProps extends ProgramRef {
  reveal: (input: ProgramRef) => Promise<ActionResult<{ secret: string }>>;
  rotate: (input: ProgramRef) => Promise<ActionResult<{ secret: string; previousValidUntil: string }>>;
  /** ISO time while a rotated-out secret still verifies. */
  previousValidUntil: string | null;
}

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function SigningSecret({ providerId, programId, reveal, rotate, previousValidUntil }: SigningSecretProps) {
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);

  async function show() {
    setPending(true);
    const result = await reveal({ providerId, programId });
    setPending(false);
    if (result.ok) setSecret(result.data.secret);
    else toast.error(result.error.message);
  }

  return (
    <div className="flex flex-col gap-3">
      {secret ? (
        <CopyField value={secret} label="Signing secret" />
      ) : (
        <code className="rounded-lg border border-border bg-surface-muted px-3 py-2 font-mono text-sm text-muted-foreground">whsec_••••••••••••••••••••••••</code>
      )}
      <div className="flex flex-wrap gap-2">
        {secret ? (
          <Button variant="outline" size="sm" onClick={() => setSecret(null)}>
            <EyeOff aria-hidden="true" /> Hide
          </Button>
        ) : (
          <Button variant="outline" size="sm" loading={pending} onClick={show}>
            <Eye aria-hidden="true" /> Reveal
          </Button>
        )}
        <Button variant="outline" size="sm" onClick={() => setConfirming(true)}>
          <RefreshCw aria-hidden="true" /> Rotate
        </Button>
      </div>
      {previousValidUntil ? (
        <Alert variant="info">The previous secret keeps working until {when(previousValidUntil)}. Update your shop before then.</Alert>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Rotate the signing secret?"
        description="A new secret is issued now. The current one keeps working for 24 hours, so you can update your shop without losing events; after that, only the new one is accepted."
        confirmLabel="Rotate secret"
        onConfirm={async () => {
          const result = await rotate({ providerId, programId });
          if (!result.ok) throw new Error(result.error.message);
          setSecret(result.data.secret);
          toast.success(`New secret issued. The old one works until ${when(result.data.previousValidUntil)}.`);
        }}
      />
    </div>
  );
}
