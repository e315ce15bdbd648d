"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Textarea } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Decide = (input: { providerId: string; reason: string }) => Promise<ActionResult<{ status: string }>>;
type Kind = "suspend" | "reinstate" | "approve";

const COPY: Record<Kind, { button: string; title: string; description: string; done: string }> = {
  suspend: {
    button: "Suspend",
    title: "Suspend this business?",
    description: "Its order events, shop webhooks, redemptions, register and receipts are refused with 403 program_suspended until it is reinstated. Members keep their balances and may still withdraw. Its staff see your reason.",
    done: "Suspended",
  },
  reinstate: { button: "Reinstate", title: "Reinstate this business?", description: "It earns and spends cashback again from the next request on.", done: "Reinstated" },
  approve: { button: "Approve", title: "Approve this business?", description: "It can earn and spend cashback from now on.", done: "Approved" },
};

/** The status decisions an admin can take on one business, each asking for a reason. */
export function ProviderStatusActions({
  providerId,
  name,
  status,
  suspend,
  reinstate,
  approve,
}: {
  providerId: string;
  name: string;
  status: "PENDING" | "ACTIVE" | "SUSPENDED";
  suspend: Decide;
  reinstate: Decide;
  approve: Decide;
}) {
  const router = useRouter();
  const [open, setOpen] = useState<Kind | null>(null);
  const [reason, setReason] = useState("");
  const actions = { suspend, reinstate, approve };
  const available: Kind[] = status === "PENDING" ? ["approve", "suspend"] : status === "ACTIVE" ? ["suspend"] : ["reinstate"];

  async function submit() {
    if (!open) return;
    const result = await actions[open]({ providerId, reason });
    if (!result.ok) throw new Error(result.error.message);
    toast.success(`${COPY[open].done}: ${name}`);
    setReason("");
    router.refresh();
  }

  return (
    <div className="flex gap-2">
      {available.map((kind) => (
        <Button key={kind} variant={kind === "suspend" ? "danger" : "primary"} onClick={() => setOpen(kind)}>
          {COPY[kind].button}
        </Button>
      ))}
      <ConfirmDialog
        open={open !== null}
        onOpenChange={(next) => !next && setOpen(null)}
        title={open ? COPY[open].title : ""}
        description={open ? COPY[open].description : undefined}
        confirmLabel={open ? COPY[open].button : "Confirm"}
        destructive={open === "suspend"}
        onConfirm={submit}
      >
        <Field label="Reason (kept in the audit log)" required>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
        </Field>
      </ConfirmDialog>
    </div>
  );
}
