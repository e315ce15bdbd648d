import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { fakePlaid, PLAID_TEST_URL } from "@/tests/support/plaid";
import { createProvider } from "@/lib/providers/create-provider";
import { rotateAccessTokens } from "./rotate-access-tokens";

process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
delete process.env.PLAID_CLIENT_ID;
delete process.env.PLAID_SECRET;
delete process.env.ENCRYPTION_KEYS;

// The real actions, with the signed-in user chosen by each test (roles and tenants are still checked for real).
let current: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => current, requireUser: async () => current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const wallet = await import("@/app/(consumer)/wallet/accounts/actions");
const dashboard = await import("@/app/(provider)/dashboard/linked-accounts/actions");

const plaid = fakePlaid();
const short = () => randomUUID().slice(0, 8);

beforeAll(() => plaid.server.listen({ onUnhandledRequest: "error" }));
afterAll(() => plaid.server.close());
beforeEach(() => {
  current = null;
});

async function aUser(): Promise<SessionUser> {
  const user = await db.user.create({ data: { email: `u-${short()}@plaid.test`, name: "Uma", passwordHash: "x" } });
  return { id: user.id, email: user.email, name: user.name, roles: { admin: false, staff: [] } };
}

describe("linking an account", () => {
  it("creates a Link token for the signed-in user with our webhook", async () => {
    current = await aUser();
    const result = await wallet.createLinkTokenAction({});
    expect(result).toMatchObject({ ok: true, data: { linkToken: expect.stringMatching(/^link-sandbox-/) } });
    const call = plaid.calls.filter((c) => c.path === "/link/token/create").at(-1);
    expect(call?.body).toMatchObject({ user: { client_user_id: current.id }, products: ["transactions"], webhook: expect.stringMatching(/\/api\/webhooks\/plaid$/) });
    current = null;
    expect(await wallet.createLinkTokenAction({})).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });

  it("exchanges the public token and stores the item with the access token encrypted, never in plain text", async () => {
    current = await aUser();
    const item = plaid.newItem();
    const result = await wallet.exchangePublicTokenAction({ publicToken: item.publicToken });
    expect(result).toMatchObject({ ok: true, data: { institutionName: "First Platypus Bank", accountName: "Plaid Checking", mask: "0000" } });
    const row = await db.linkedAccount.findUniqueOrThrow({ where: { plaidItemId: item.itemId } });
    expect(row).toMatchObject({ userId: current.id, plaidAccountId: item.accountId, status: "ACTIVE" });
    expect(row.accessTokenEnc).toMatch(/^v1:dev:/);
    expect(row.accessTokenEnc).not.toContain(item.accessToken);
    expect(decryptSecret(row.accessTokenEnc)).toBe(item.accessToken);
    // The first sync ran right away (the cursor is stored).
    expect(row.syncCursor).toBe("0");
    // A public token works once.
    expect(await wallet.exchangePublicTokenAction({ publicToken: item.publicToken })).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "publicToken" } });
    expect(await wallet.exchangePublicTokenAction({ publicToken: "" })).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });

  it("unlinking revokes the item at Plaid, erases the token, and only the owner can do it", async () => {
    const owner = await aUser();
    const stranger = await aUser();
    current = owner;
    const item = plaid.newItem();
    const linked = await wallet.exchangePublicTokenAction({ publicToken: item.publicToken });
    if (!linked.ok) throw new Error(linked.error.message);

    current = stranger;
    expect(await wallet.unlinkAccountAction({ linkedAccountId: linked.data.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(plaid.item(item.itemId).removed).toBe(false);

    current = owner;
    expect(await wallet.unlinkAccountAction({ linkedAccountId: linked.data.id })).toEqual({ ok: true, data: { id: linked.data.id } });
    expect(plaid.item(item.itemId).removed).toBe(true);
    const row = await db.linkedAccount.findUniqueOrThrow({ where: { id: linked.data.id } });
    expect(row).toMatchObject({ status: "REVOKED", accessTokenEnc: "", syncCursor: null });
    expect(row.revokedAt).not.toBeNull();
    expect(await wallet.unlinkAccountAction({ linkedAccountId: linked.data.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("crypto:rotate re-encrypts tokens under the new first key, and the old key can then be dropped", async () => {
    current = await aUser();
    const item = plaid.newItem();
    await wallet.exchangePublicTokenAction({ publicToken: item.publicToken });
    const newKey = `k2:${randomBytes(32).toString("base64")}`;
    const devKey = `dev:${Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("boomerang development key: not for production"))).toString("base64")}`;
    process.env.ENCRYPTION_KEYS = `${newKey},${devKey}`;
    try {
      const result = await rotateAccessTokens(db);
      expect(result.rotated).toBeGreaterThanOrEqual(1);
      expect(result.currentKey).toBe("k2");
      expect(await rotateAccessTokens(db)).toMatchObject({ rotated: 0 });
      process.env.ENCRYPTION_KEYS = newKey;
      const row = await db.linkedAccount.findUniqueOrThrow({ where: { plaidItemId: item.itemId } });
      expect(row.accessTokenEnc).toMatch(/^v1:k2:/);
      expect(decryptSecret(row.accessTokenEnc)).toBe(item.accessToken);
    } finally {
      delete process.env.ENCRYPTION_KEYS;
    }
  });
});

describe("logging in to the bank again (Plaid Link update mode)", () => {
  async function linkedNeedingLogin() {
    const owner = await aUser();
    current = owner;
    const item = plaid.newItem();
    const linked = await wallet.exchangePublicTokenAction({ publicToken: item.publicToken });
    if (!linked.ok) throw new Error(linked.error.message);
    plaid.item(item.itemId).login_required = true;
    await db.linkedAccount.update({ where: { id: linked.data.id }, data: { status: "LOGIN_REQUIRED" } });
    return { owner, item, linkedAccountId: linked.data.id };
  }
  const statusOf = async (id: string) => (await db.linkedAccount.findUniqueOrThrow({ where: { id } })).status;

  it("opens Link in update mode for the owner's own item only: its access token, no products", async () => {
    const { item, linkedAccountId } = await linkedNeedingLogin();
    const result = await wallet.createReconnectLinkTokenAction({ linkedAccountId });
    expect(result).toMatchObject({ ok: true, data: { linkToken: expect.stringMatching(/^link-sandbox-/) } });
    const call = plaid.calls.filter((c) => c.path === "/link/token/create").at(-1);
    expect(call?.body).toMatchObject({ access_token: item.accessToken, webhook: expect.stringMatching(/\/api\/webhooks\/plaid$/) });
    expect(call?.body).not.toHaveProperty("products");

    current = await aUser();
    expect(await wallet.createReconnectLinkTokenAction({ linkedAccountId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await wallet.completeReconnectAction({ linkedAccountId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await statusOf(linkedAccountId)).toBe("LOGIN_REQUIRED");
  });

  it("tracks again only once Plaid says the item is healthy, then catches up on what was missed", async () => {
    const { item, linkedAccountId } = await linkedNeedingLogin();
    // Link said success, but the bank still wants a login: nothing changes.
    expect(await wallet.completeReconnectAction({ linkedAccountId })).toMatchObject({ ok: false, error: { code: "CONFLICT", message: expect.stringContaining("still asks you to log in") } });
    expect(await statusOf(linkedAccountId)).toBe("LOGIN_REQUIRED");

    plaid.item(item.itemId).login_required = false;
    plaid.add(item.itemId, plaid.txn(item.itemId, { amount: 12.5, merchant_name: "Somewhere" }));
    expect(await wallet.completeReconnectAction({ linkedAccountId })).toMatchObject({ ok: true, data: { id: linkedAccountId } });
    expect(await statusOf(linkedAccountId)).toBe("ACTIVE");
    // The catch-up sync read the transaction made while it was disconnected.
    expect((await db.linkedAccount.findUniqueOrThrow({ where: { id: linkedAccountId } })).syncCursor).toBe("1");
  });

  it("refuses the sandbox's stand-in login against the real Plaid", async () => {
    const { linkedAccountId } = await linkedNeedingLogin();
    process.env.PLAID_CLIENT_ID = "real-client";
    process.env.PLAID_SECRET = "real-secret";
    try {
      expect(await wallet.sandboxReconnectAction({ linkedAccountId })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    } finally {
      delete process.env.PLAID_CLIENT_ID;
      delete process.env.PLAID_SECRET;
    }
    expect(await statusOf(linkedAccountId)).toBe("LOGIN_REQUIRED");
  });
});

describe("merchant rules (provider actions)", () => {
  it("owners and managers add and remove rules, audit-logged; cashiers, other tenants and bad patterns are refused", async () => {
    const ownerUser = await aUser();
    const a = await createProvider(db, { name: "Aurora", slug: `aurora-${short()}`, ownerUserId: ownerUser.id, cashbackBps: 500, holdDays: 14 });
    const b = await createProvider(db, { name: "Bloom", slug: `bloom-${short()}`, ownerUserId: (await aUser()).id, cashbackBps: 500, holdDays: 14 });
    const owner: SessionUser = { ...ownerUser, roles: { admin: false, staff: [{ providerId: a.providerId, role: "OWNER" }] } };
    const cashier: SessionUser = { ...(await aUser()), roles: { admin: false, staff: [{ providerId: a.providerId, role: "CASHIER" }] } };

    current = owner;
    const added = await dashboard.addMerchantRuleAction({ providerId: a.providerId, programId: a.programId, kind: "NAME", pattern: "  Cafe   Aurora* " });
    expect(added).toMatchObject({ ok: true, data: { kind: "NAME", pattern: "Cafe Aurora*" } });
    expect(await dashboard.addMerchantRuleAction({ providerId: a.providerId, programId: a.programId, kind: "NAME", pattern: "Cafe Aurora*" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await dashboard.addMerchantRuleAction({ providerId: a.providerId, programId: a.programId, kind: "NAME", pattern: "C*" })).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "pattern" } });
    expect(await dashboard.addMerchantRuleAction({ providerId: a.providerId, programId: a.programId, kind: "NAME", pattern: "Ca*fe" })).toMatchObject({ ok: false, error: { field: "pattern" } });
    expect(await dashboard.addMerchantRuleAction({ providerId: a.providerId, programId: a.programId, kind: "ENTITY_ID", pattern: "ent 1" })).toMatchObject({ ok: false, error: { field: "pattern" } });
    // Another business's program, through our own provider id: not found.
    expect(await dashboard.addMerchantRuleAction({ providerId: a.providerId, programId: b.programId, kind: "NAME", pattern: "Bloom*" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // Another business's provider id: not ours.
    expect(await dashboard.addMerchantRuleAction({ providerId: b.providerId, programId: b.programId, kind: "NAME", pattern: "Bloom*" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });

    current = cashier;
    expect(await dashboard.addMerchantRuleAction({ providerId: a.providerId, programId: a.programId, kind: "NAME", pattern: "Aurora*" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    if (!added.ok) throw new Error("expected the rule");
    expect(await dashboard.removeMerchantRuleAction({ providerId: a.providerId, ruleId: added.data.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    current = owner;
    expect(await dashboard.removeMerchantRuleAction({ providerId: a.providerId, ruleId: added.data.id })).toEqual({ ok: true, data: { id: added.data.id } });
    expect(await db.merchantMatchRule.count({ where: { programId: a.programId } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { providerId: a.providerId, action: { startsWith: "program.merchant_rule" } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => [e.action, e.actorId])).toEqual([
      ["program.merchant_rule.add", owner.id],
      ["program.merchant_rule.remove", owner.id],
    ]);
  });
});
