import { describe, expect, it } from "vitest";
import { areaOf, homeFor, mayEnter, type Roles } from "./roles";

const member: Roles = { admin: false, staff: [] };
const cashier: Roles = { admin: false, staff: [{ providerId: "p1", role: "CASHIER" }] };
const owner: Roles = { admin: false, staff: [{ providerId: "p1", role: "OWNER" }] };
const admin: Roles = { admin: true, staff: [] };

describe("roles", () => {
  it.each([
    [member, "/wallet"],
    [cashier, "/register"],
    [owner, "/dashboard"],
    [admin, "/admin"],
  ])("%j lands on %s", (roles, home) => {
    expect(homeFor(roles)).toBe(home);
  });

  it("maps paths to areas", () => {
    expect(areaOf("/dashboard/members/1")).toBe("provider");
    expect(areaOf("/register")).toBe("register");
    expect(areaOf("/wallet/history")).toBe("member");
    expect(areaOf("/admin")).toBe("admin");
    expect(areaOf("/p/cafe")).toBeNull();
    expect(areaOf("/administrator")).toBeNull();
  });

  it("keeps each audience in its own area", () => {
    expect(mayEnter("provider", member)).toBe(false);
    expect(mayEnter("provider", cashier)).toBe(false);
    expect(mayEnter("register", cashier)).toBe(true);
    expect(mayEnter("provider", owner)).toBe(true);
    expect(mayEnter("admin", owner)).toBe(false);
    expect(mayEnter("admin", admin)).toBe(true);
    expect(mayEnter("member", owner)).toBe(true);
  });
});
