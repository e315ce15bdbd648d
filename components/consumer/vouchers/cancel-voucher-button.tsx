"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

export function CancelVoucherButton({
  voucherId,
  code,
  cancel,
  fullWidth = false,
}: {
  voucherId: string;
  code: string;
  cancel: (input: { voucherId: string }) => Promise<ActionResult<{ id: string; status: string }>>;
  fullWidth?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <Button size={fullWidth ? "md" : "sm"} variant="outline" fullWidth={fullWidth} onClick={() => setOpen(true)} aria-label={`Cancel voucher ${code}`}>
        Cancel
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Cancel this voucher?"
        description={`The code ${code} stops working and its amount goes back to your available cashback at once.`}
        confirmLabel="Cancel voucher"
        cancelLabel="Keep it"
        destructive
        onConfirm={async () => {
          const result = await cancel({ voucherId });
          if (!result.ok) throw new Error(result.error.message);
          toast.success("Voucher cancelled; the money is available again.");
          router.refresh();
        }}
      />
    </>
  );
}
