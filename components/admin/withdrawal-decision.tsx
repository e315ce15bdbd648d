"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Textarea } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Decide = (input: { withdrawalId: string; decision: "approve" | "reject"; reason: string }) => Promise<ActionResult<{ status: string }>>;

/** Approve or reject a withdrawal waiting for a platform admin; either needs a reason, kept in the audit log. */
export function WithdrawalDecision({ withdrawalId, summary, decide }: { withdrawalId: string; summary: string; decide: Decide }) {
  const router = useRouter();
  const [open, setOpen] = useState<"approve" | "reject" | null>(null);
  const [reason, setReason] = useState("");
  async function submit() {
    if (!open) return;
    const result = await decide({ withdrawalId, decision: open, reason });
    if (!result.ok) throw new Error(result.error.message);
    toast.success(open === "approve" ? `Approved: ${summary}` : `Rejected: ${summary}`);
    setReason("");
    router.refresh();
  }
  return (
    <div className="flex justify-end gap-2">
      <Button size="sm" variant="outline" onClick={() => setOpen("reject")}>
        Reject
      </Button>
      <Button size="sm" onClick={() => setOpen("approve")}>
        Approve
      </Button>
      <ConfirmDialog
        open={open !== null}
        onOpenChange={(next) => !next && setOpen(null)}
        title={open === "approve" ? "Approve and send this withdrawal?" : "Reject this withdrawal?"}
        description={summary}
        confirmLabel={open === "approve" ? "Approve" : "Reject"}
        destructive={open === "reject"}
        onConfirm={submit}
      >
        <Field label={open === "reject" ? "Reason (kept in the audit log; the member sees it)" : "Reason (kept in the audit log)"} required>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
        </Field>
      </ConfirmDialog>
    </div>
  );
}
