"use client";

import { useState } from "react";
import { Badge, Button, Field, Input, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { StaffRole } from "@/lib/db/generated/enums";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { minorToDecimalString } from "@/lib/money/format";
import { ROLE_META } from "./roles";

/** The caps (earned / spent at the register a day) as digit strings (null: the program's default applies). */
export type StaffTableRow = { userId: string; name: string | null; email: string; role: StaffRole; since: Date; dailyCapMinor: string | null; dailySpendCapMinor: string | null };

type Caps = { dailyCap: string; dailySpendCap: string };

export interface StaffTableProps {
  providerId: string;
  currentUserId: string;
  actorRole: StaffRole;
  staff: StaffTableRow[];
  currency: Currency;
  remove: (input: { providerId: string; userId: string }) => Promise<ActionResult<{ userId: string }>>;
  setCap: (
    input: { providerId: string; userId: string; dailyCap?: string; dailySpendCap?: string },
  ) => Promise<ActionResult<{ userId: string; dailyCapMinor: string | null; dailySpendCapMinor: string | null }>>;
}

export function StaffTable({ providerId, currentUserId, actorRole, staff, currency, remove, setCap }: StaffTableProps) {
  const [removing, setRemoving] = useState<StaffTableRow | null>(null);
  const [capping, setCapping] = useState<StaffTableRow | null>(null);
  const [capText, setCapText] = useState<Caps>({ dailyCap: "", dailySpendCap: "" });
  const [capError, setCapError] = useState<{ field: keyof Caps; message: string } | null>(null);
  const [savingCap, setSavingCap] = useState(false);
  const owners = staff.filter((s) => s.role === "OWNER").length;
  const unit = currency === "PTS" ? "points" : currency;

  // The server decides; this only hides buttons that would certainly be refused.
  const canRemove = (s: StaffTableRow) => {
    if (s.role === "OWNER" && owners <= 1) return false;
    if (s.userId === currentUserId) return true;
    return actorRole === "OWNER" || s.role === "CASHIER";
  };
  const canCap = (s: StaffTableRow) => actorRole === "OWNER" || (actorRole === "MANAGER" && s.role === "CASHIER");

  function openCap(s: StaffTableRow) {
    setCapping(s);
    setCapError(null);
    const text = (v: string | null) => (v === null ? "" : minorToDecimalString(BigInt(v), minorUnitDigits(currency)));
    setCapText({ dailyCap: text(s.dailyCapMinor), dailySpendCap: text(s.dailySpendCapMinor) });
  }

  async function saveCap(caps: Caps) {
    if (!capping) return;
    setSavingCap(true);
    setCapError(null);
    const result = await setCap({ providerId, userId: capping.userId, ...caps });
    setSavingCap(false);
    if (!result.ok) {
      const field = result.error.field === "dailySpendCap" ? "dailySpendCap" : "dailyCap";
      setCapError({ field, message: result.error.message.replace(`${field}: `, "") });
      return;
    }
    const who = capping.name ?? capping.email;
    toast.success(result.data.dailyCapMinor === null && result.data.dailySpendCapMinor === null ? `${who} now follows the program's caps` : `Daily caps of ${who} saved`);
    setCapping(null);
  }

  return (
    <>
      <Table label="Staff">
        <THead>
          <TR>
            <TH>Person</TH>
            <TH>Role</TH>
            <TH>Issued / day</TH>
            <TH>Spent / day</TH>
            <TH>Since</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </TR>
        </THead>
        <TBody>
          {staff.map((s) => (
            <TR key={s.userId} data-testid="staff-row">
              <TD>
                <p className="font-medium">
                  {s.name ?? s.email}
                  {s.userId === currentUserId ? <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span> : null}
                </p>
                {s.name ? <p className="text-xs text-muted-foreground">{s.email}</p> : null}
              </TD>
              <TD>
                <Badge variant={ROLE_META[s.role].variant}>{ROLE_META[s.role].label}</Badge>
              </TD>
              <TD className="whitespace-nowrap">
                {s.dailyCapMinor === null ? <span className="text-muted-foreground">Program default</span> : <Money amountMinor={BigInt(s.dailyCapMinor)} currency={currency} />}
              </TD>
              <TD className="whitespace-nowrap" data-testid="staff-spend-cap">
                {s.dailySpendCapMinor === null ? <span className="text-muted-foreground">Program default</span> : <Money amountMinor={BigInt(s.dailySpendCapMinor)} currency={currency} />}
              </TD>
              <TD className="whitespace-nowrap">{s.since.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
              <TD className="text-right whitespace-nowrap">
                {canCap(s) ? (
                  <Button variant="ghost" size="sm" onClick={() => openCap(s)}>
                    Set caps
                  </Button>
                ) : null}
                {canRemove(s) ? (
                  <Button variant="ghost" size="sm" onClick={() => setRemoving(s)}>
                    {s.userId === currentUserId ? "Leave" : "Remove"}
                  </Button>
                ) : null}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <Dialog
        open={capping !== null}
        onOpenChange={(open) => {
          if (!open && !savingCap) setCapping(null);
        }}
        title={`Daily caps of ${capping?.name ?? capping?.email ?? ""}`}
        description="The most cashback this person may issue, and accept as payment, in a day (UTC) at the register. They replace the program's caps for them; leave one empty to use the program's."
        dismissible={!savingCap}
        footer={
          <>
            <Button variant="ghost" disabled={savingCap} onClick={() => void saveCap({ dailyCap: "", dailySpendCap: "" })}>
              Use the program&apos;s caps
            </Button>
            <Button loading={savingCap} onClick={() => void saveCap(capText)}>
              Save caps
            </Button>
          </>
        }
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void saveCap(capText);
          }}
        >
          <div className="space-y-4">
            <Field label={`Cashback issued a day (${unit})`} error={capError?.field === "dailyCap" ? capError.message : undefined}>
              <Input data-autofocus inputMode="decimal" value={capText.dailyCap} placeholder="Program default" onChange={(e) => setCapText((c) => ({ ...c, dailyCap: e.target.value }))} />
            </Field>
            <Field label={`Cashback spent a day (${unit})`} error={capError?.field === "dailySpendCap" ? capError.message : undefined}>
              <Input inputMode="decimal" value={capText.dailySpendCap} placeholder="Program default" onChange={(e) => setCapText((c) => ({ ...c, dailySpendCap: e.target.value }))} />
            </Field>
            {/* Enter in a field submits the dialog's form. */}
            <button type="submit" hidden />
          </div>
        </form>
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) setRemoving(null);
        }}
        title={removing?.userId === currentUserId ? "Leave this business?" : `Remove ${removing?.name ?? removing?.email ?? ""}?`}
        description={
          removing?.userId === currentUserId
            ? "You lose access at once. Another owner or manager can add you again."
            : "They lose access at once. Their past work (purchases, reviews) stays recorded."
        }
        confirmLabel={removing?.userId === currentUserId ? "Leave" : "Remove"}
        destructive
        onConfirm={async () => {
          if (!removing) return;
          const result = await remove({ providerId, userId: removing.userId });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`${removing.name ?? removing.email} no longer has access`);
        }}
      />
    </>
  );
}
