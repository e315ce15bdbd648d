"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

export function CancelWithdrawalButton({ withdrawalId, cancel }: { withdrawalId: string; cancel: (input: { withdrawalId: string }) => Promise<ActionResult<{ ok: boolean }>> }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        Cancel
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Cancel this withdrawal?"
        description="The amount goes back to your available cashback."
        confirmLabel="Cancel withdrawal"
        cancelLabel="Keep it"
        destructive
        onConfirm={async () => {
          const result = await cancel({ withdrawalId });
          if (!result.ok) throw new Error(result.error.message);
          toast.success("Withdrawal cancelled; the money is available again.");
          router.refresh();
        }}
      />
    </>
  );
}
