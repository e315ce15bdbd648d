import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session";
import { createActionBuilders } from "./safe-action";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";

function as(user: SessionUser | null) {
  return createActionBuilders(async () => user);
}

const cashierOfA: SessionUser = { id: "00000000-0000-4000-8000-0000000000c1", email: "c@a.test", name: null, roles: { admin: false, staff: [{ providerId: A, role: "CASHIER" }] } };
const ownerOfA: SessionUser = { ...cashierOfA, roles: { admin: false, staff: [{ providerId: A, role: "OWNER" }] } };

const schema = z.object({ providerId: z.uuid(), note: z.string().min(1, "Write a note") });

describe("action builders", () => {
  it("refuse a signed-out caller", async () => {
    const action = as(null).memberAction(z.object({}), async () => "ran");
    expect(await action({})).toEqual({ ok: false, error: { code: "UNAUTHENTICATED", message: "Please sign in again." } });
  });

  it("refuse another tenant's id without revealing whether it exists", async () => {
    const action = as(ownerOfA).providerAction(["OWNER"], schema, async () => "ran");
    expect(await action({ providerId: B, note: "x" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await action({ providerId: A, note: "x" })).toEqual({ ok: true, data: "ran" });
  });

  it("refuse a role that is not allowed", async () => {
    const action = as(cashierOfA).providerAction(["OWNER", "MANAGER"], schema, async () => "ran");
    expect(await action({ providerId: A, note: "x" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("name the bad field, from plain objects and from FormData", async () => {
    const action = as(ownerOfA).providerAction(["OWNER"], schema, async () => "ran");
    expect(await action({ providerId: A, note: "" })).toEqual({ ok: false, error: { code: "VALIDATION", message: "note: Write a note", field: "note" } });
    const form = new FormData();
    form.set("providerId", "not-a-uuid");
    form.set("note", "x");
    expect(await action(form)).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "providerId" } });
  });

  it("turn an unexpected failure into an INTERNAL error with a reference and no internals", async () => {
    const action = as(ownerOfA).memberAction(z.object({}), async () => {
      throw new Error("connection string postgres://secret");
    });
    const result = await action({});
    expect(result).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
    expect(JSON.stringify(result)).not.toContain("secret");
  });

  it("admin actions are for platform admins only", async () => {
    const action = as(ownerOfA).adminAction(z.object({}), async () => "ran");
    expect(await action({})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await as({ ...ownerOfA, roles: { admin: true, staff: [] } }).adminAction(z.object({}), async () => "ran")({})).toEqual({ ok: true, data: "ran" });
  });
});
