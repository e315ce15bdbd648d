"use client";

import { useState } from "react";
import { ArrowUpRight } from "lucide-react";
import { Button, Field, Input, Money, Select } from "@/components/ui";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";

function wait(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

export function DialogDemo() {
  const [formOpen, setFormOpen] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [failingOpen, setFailingOpen] = useState(false);
  const [iban, setIban] = useState("");
  const [error, setError] = useState<string | null>(null);

  return (
    <div className="flex flex-wrap gap-3">
      <Button variant="outline" onClick={() => setFormOpen(true)}>
        Open form dialog
      </Button>
      <Button variant="danger" onClick={() => setConfirmOpen(true)}>
        Withdraw (confirm)
      </Button>
      <Button variant="outline" onClick={() => setFailingOpen(true)}>
        Confirm that fails
      </Button>

      <Dialog
        open={formOpen}
        onOpenChange={setFormOpen}
        title="Add a payout account"
        description="Withdrawals are sent to this account by SEPA transfer."
        footer={
          <>
            <Button variant="outline" onClick={() => setFormOpen(false)}>
              Cancel
            </Button>
            <Button
              onClick={() => {
                if (iban.trim().length < 15) {
                  setError("Enter a valid IBAN");
                  return;
                }
                setError(null);
                setFormOpen(false);
                toast.success("Payout account added");
              }}
            >
              Save account
            </Button>
          </>
        }
      >
        <div className="flex flex-col gap-4">
          <Field label="Account holder" required>
            <Input autoComplete="name" placeholder="Ana Ferreira" required />
          </Field>
          <Field label="IBAN" hint="Spaces are fine." error={error ?? undefined} required>
            <Input
              value={iban}
              onChange={(e) => setIban(e.target.value)}
              placeholder="PT50 0002 0123 1234 5678 9015 4"
              inputMode="text"
              autoCapitalize="characters"
            />
          </Field>
          <Field label="Currency">
            <Select defaultValue="EUR">
              <option value="EUR">Euro (EUR)</option>
              <option value="GBP">Pound sterling (GBP)</option>
            </Select>
          </Field>
        </div>
      </Dialog>

      <ConfirmDialog
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        title="Withdraw €42.50?"
        description="The money leaves your Boomerang balance and usually arrives within one business day."
        confirmLabel="Withdraw"
        destructive
        onConfirm={async () => {
          await wait(1200);
          toast.success("Withdrawal requested", { description: "€42.50 to PT50 •••• 0154" });
        }}
      >
        <dl className="grid grid-cols-2 gap-y-2 rounded-lg bg-surface-muted p-4 text-sm">
          <dt className="text-muted-foreground">Amount</dt>
          <dd className="text-right font-medium">
            <Money amountMinor={4250n} currency="EUR" />
          </dd>
          <dt className="text-muted-foreground">Fee</dt>
          <dd className="text-right font-medium">
            <Money amountMinor={0n} currency="EUR" />
          </dd>
        </dl>
      </ConfirmDialog>

      <ConfirmDialog
        open={failingOpen}
        onOpenChange={setFailingOpen}
        title="Approve 12 rewards?"
        description="Members are notified and the cashback becomes available."
        confirmLabel="Approve"
        onConfirm={async () => {
          await wait(800);
          throw new Error("Your balance changed. Refresh and try again.");
        }}
      />
    </div>
  );
}

export function ToastDemo() {
  return (
    <div className="flex flex-wrap gap-3">
      <Button variant="outline" onClick={() => toast("Link copied")}>
        Default
      </Button>
      <Button variant="outline" onClick={() => toast.success("Cashback earned", { description: "+€3.20 from Café Lusitano" })}>
        Success
      </Button>
      <Button variant="outline" onClick={() => toast.info("Reward pending review")}>
        Info
      </Button>
      <Button variant="outline" onClick={() => toast.warning("Your payout account expires soon")}>
        Warning
      </Button>
      <Button variant="outline" onClick={() => toast.error("Withdrawal failed", { description: "Nothing was deducted." })}>
        Error
      </Button>
      <Button
        variant="outline"
        onClick={() =>
          toast.promise(wait(1500), { loading: "Sending…", success: "Sent", error: "Could not send" })
        }
      >
        Promise
      </Button>
    </div>
  );
}

export function LoadingButtonDemo() {
  const [loading, setLoading] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        loading={loading}
        onClick={async () => {
          setLoading(true);
          await wait(1500);
          setLoading(false);
        }}
      >
        Request withdrawal
      </Button>
      <Button variant="secondary">
        View statement <ArrowUpRight aria-hidden="true" />
      </Button>
    </div>
  );
}
