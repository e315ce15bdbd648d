"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Textarea, type ButtonVariant } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

/** One admin action behind a button: a dialog asks for the reason (kept in the audit log), then runs it. */
export function ReasonActionButton<I extends Record<string, string>>({
  label,
  title,
  description,
  input,
  run,
  done,
  variant = "primary",
  destructive = false,
}: {
  label: string;
  title: string;
  description?: string;
  /** The action's other fields (ids); the reason is added. */
  input: I;
  run: (input: I & { reason: string }) => Promise<ActionResult<unknown>>;
  done: string;
  variant?: ButtonVariant;
  destructive?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  async function submit() {
    const result = await run({ ...input, reason });
    if (!result.ok) throw new Error(result.error.message);
    toast.success(done);
    setReason("");
    router.refresh();
  }
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog open={open} onOpenChange={setOpen} title={title} description={description} confirmLabel={label} destructive={destructive} onConfirm={submit}>
        <Field label="Reason (kept in the audit log)" required>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
        </Field>
      </ConfirmDialog>
    </>
  );
}
