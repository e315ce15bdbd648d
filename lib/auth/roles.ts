import type { StaffRole } from "@/lib/db/generated/enums";

export type StaffGrant = { providerId: string; role: StaffRole };
export type Roles = { admin: boolean; staff: StaffGrant[] };

export type Area = "admin" | "provider" | "register" | "member";

/** Where a signed-in user lands: admins in /admin, owners and managers on the dashboard, cashiers at the register. */
export function homeFor(roles: Roles): string {
  if (roles.admin) return "/admin";
  if (roles.staff.some((s) => s.role !== "CASHIER")) return "/dashboard";
  if (roles.staff.length > 0) return "/register";
  return "/wallet";
}

export function areaOf(pathname: string): Area | null {
  const first = pathname.split("/")[1] ?? "";
  if (first === "admin") return "admin";
  if (first === "dashboard") return "provider";
  if (first === "register") return "register";
  if (first === "wallet") return "member";
  return null;
}

/** Coarse gate used by the proxy; every page, action and route checks role and tenant again on the server. */
export function mayEnter(area: Area, roles: Roles): boolean {
  switch (area) {
    case "admin":
      return roles.admin;
    case "provider":
      return roles.staff.some((s) => s.role !== "CASHIER");
    case "register":
      return roles.staff.length > 0;
    case "member":
      return true;
  }
}
