import type { StaffRole } from "@/lib/db/generated/enums";

export const ROLE_META: Record<StaffRole, { label: string; variant: "brand" | "info" | "neutral"; text: string }> = {
  OWNER: { label: "Owner", variant: "brand", text: "Everything, including staff and billing." },
  MANAGER: { label: "Manager", variant: "info", text: "Runs the program and adds cashiers." },
  CASHIER: { label: "Cashier", variant: "neutral", text: "Sees only the register." },
};

/** Mirrors the rule enforced in lib/providers: owners grant anything, managers only cashiers. */
export function grantableRoles(actor: StaffRole): StaffRole[] {
  if (actor === "OWNER") return ["CASHIER", "MANAGER", "OWNER"];
  return actor === "MANAGER" ? ["CASHIER"] : [];
}
