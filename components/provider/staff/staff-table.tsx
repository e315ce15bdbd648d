"use client";

import { useState } from "react";
import { Badge, Button, Field, Input, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { StaffRole } from "@/lib/db/generated/enums";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { minorToDecimalString } from "@/lib/money/format";
import { CapCurrencyField, capUnit } from "./cap-currency";
import { ROLE_META } from "./roles";

/** The caps (earned / spent at the register a day) as digit strings with their currencies (null: the program's default applies). */
export type StaffTableRow = {
  userId: string;
  name: string | null;
  email: string;
  role: StaffRole;
  since: Date;
  dailyCapMinor: string | null;
  dailyCapCurrency: Currency | null;
  dailySpendCapMinor: string | null;
  dailySpendCapCurrency: Currency | null;
};

type Caps = { dailyCap: string; dailyCapCurrency: Currency; dailySpendCap: string; dailySpendCapCurrency: Currency };
type CapField = "dailyCap" | "dailySpendCap" | "dailyCapCurrency" | "dailySpendCapCurrency";
const CAP_FIELDS: readonly CapField[] = ["dailyCap", "dailySpendCap", "dailyCapCurrency", "dailySpendCapCurrency"];

export interface StaffTableProps {
  providerId: string;
  currentUserId: string;
  actorRole: StaffRole;
  staff: StaffTableRow[];
  /** The business's program currencies, the first program's first. */
  currencies: Currency[];
  remove: (input: { providerId: string; userId: string }) => Promise<ActionResult<{ userId: string }>>;
  setCap: (
    input: { providerId: string; userId: string; dailyCap?: string; dailyCapCurrency?: Currency; dailySpendCap?: string; dailySpendCapCurrency?: Currency },
  ) => Promise<ActionResult<{ userId: string; dailyCapMinor: string | null; dailySpendCapMinor: string | null }>>;
}

export function StaffTable({ providerId, currentUserId, actorRole, staff, currencies, remove, setCap }: StaffTableProps) {
  const firstCurrency = currencies[0] ?? "EUR";
  const [removing, setRemoving] = useState<StaffTableRow | null>(null);
  const [capping, setCapping] = useState<StaffTableRow | null>(null);
  const [capText, setCapText] = useState<Caps>({ dailyCap: "", dailyCapCurrency: firstCurrency, dailySpendCap: "", dailySpendCapCurrency: firstCurrency });
  const [capError, setCapError] = useState<{ field: CapField; message: string } | null>(null);
  const [savingCap, setSavingCap] = useState(false);
  const owners = staff.filter((s) => s.role === "OWNER").length;

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
    const text = (v: string | null, currency: Currency | null) => (v === null ? "" : minorToDecimalString(BigInt(v), minorUnitDigits(currency ?? firstCurrency)));
    setCapText({
      dailyCap: text(s.dailyCapMinor, s.dailyCapCurrency),
      dailyCapCurrency: s.dailyCapCurrency ?? firstCurrency,
      dailySpendCap: text(s.dailySpendCapMinor, s.dailySpendCapCurrency),
      dailySpendCapCurrency: s.dailySpendCapCurrency ?? firstCurrency,
    });
  }

  async function saveCap(caps: Caps) {
    if (!capping) return;
    setSavingCap(true);
    setCapError(null);
    const result = await setCap({ providerId, userId: capping.userId, ...caps });
    setSavingCap(false);
    if (!result.ok) {
      const field = CAP_FIELDS.find((f) => f === result.error.field) ?? "dailyCap";
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
                <CapCell minor={s.dailyCapMinor} currency={s.dailyCapCurrency} />
              </TD>
              <TD className="whitespace-nowrap" data-testid="staff-spend-cap">
                <CapCell minor={s.dailySpendCapMinor} currency={s.dailySpendCapCurrency} />
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
        description="The most cashback this person may issue, and accept as payment, in a day (UTC) at the register. They replace the program's caps for them in programs of the cap's currency; leave one empty to use the program's."
        dismissible={!savingCap}
        footer={
          <>
            <Button variant="ghost" disabled={savingCap} onClick={() => void saveCap({ ...capText, dailyCap: "", dailySpendCap: "" })}>
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
            <Field label={`Cashback issued a day (${capUnit(capText.dailyCapCurrency)})`} error={capError?.field === "dailyCap" ? capError.message : undefined}>
              <Input data-autofocus inputMode="decimal" value={capText.dailyCap} placeholder="Program default" onChange={(e) => setCapText((c) => ({ ...c, dailyCap: e.target.value }))} />
            </Field>
            <CapCurrencyField
              label="Issued cap currency"
              currencies={currencies}
              value={capText.dailyCapCurrency}
              onChange={(currency) => setCapText((c) => ({ ...c, dailyCapCurrency: currency }))}
              error={capError?.field === "dailyCapCurrency" ? capError.message : undefined}
            />
            <Field label={`Cashback spent a day (${capUnit(capText.dailySpendCapCurrency)})`} error={capError?.field === "dailySpendCap" ? capError.message : undefined}>
              <Input inputMode="decimal" value={capText.dailySpendCap} placeholder="Program default" onChange={(e) => setCapText((c) => ({ ...c, dailySpendCap: e.target.value }))} />
            </Field>
            <CapCurrencyField
              label="Spent cap currency"
              currencies={currencies}
              value={capText.dailySpendCapCurrency}
              onChange={(currency) => setCapText((c) => ({ ...c, dailySpendCapCurrency: currency }))}
              error={capError?.field === "dailySpendCapCurrency" ? capError.message : undefined}
            />
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

/** A cap with its currency; the program's own cap applies where there is none (and in programs of other currencies). */
function CapCell({ minor, currency }: { minor: string | null; currency: Currency | null }) {
  if (minor === null || currency === null) return <span className="text-muted-foreground">Program default</span>;
  return <Money amountMinor={BigInt(minor)} currency={currency} />;
}
