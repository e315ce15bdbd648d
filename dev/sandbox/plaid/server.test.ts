import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Products } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkAccount } from "@/lib/banking/link-account";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { syncTransactions } from "@/lib/banking/sync-transactions";
import { unlinkAccount } from "@/lib/banking/unlink-account";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { plaidClient, plaidErrorOf } from "@/lib/plaid/client";
import { clearWebhookKeyCache, verifyPlaidWebhook } from "@/lib/plaid/verify-webhook";
import { createProvider } from "@/lib/providers/create-provider";
import { startPlaidSandbox, type PlaidSandbox } from "./server";

// The real SDK against the local sandbox over real HTTP: the shapes the app relies on offline.
const stateFile = path.join(tmpdir(), `plaid-sandbox-${randomUUID()}.json`);
const received: { body: string; header: string | null }[] = [];
const app = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received.push({ body: Buffer.concat(chunks).toString("utf8"), header: req.headers["plaid-verification"]?.toString() ?? null });
    res.end("{}");
  });
});
let sandbox: PlaidSandbox;

beforeAll(async () => {
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const address = app.address();
  const port = typeof address === "object" && address ? address.port : 0;
  sandbox = await startPlaidSandbox({ appUrl: `http://127.0.0.1:${port}`, stateFile });
  process.env.PLAID_SANDBOX_URL = sandbox.url;
  delete process.env.PLAID_CLIENT_ID;
  delete process.env.PLAID_SECRET;
});
afterAll(async () => {
  await sandbox.stop();
  app.close();
  rmSync(stateFile, { force: true });
});

const post = async (route: string, body: object) => {
  const response = await fetch(`${sandbox.url}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
};

describe("the local Plaid sandbox", () => {
  it("links, syncs, signs webhooks the app can verify, and revokes", async () => {
    const owner = await db.user.create({ data: { email: `o-${randomUUID()}@sb.test`, passwordHash: "x" } });
    const shop = await createProvider(db, { name: "Aurora", slug: `aurora-${randomUUID().slice(0, 8)}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
    await db.merchantMatchRule.create({ data: { programId: shop.programId, kind: "NAME", pattern: "Cafe Aurora*" } });
    const user = await db.user.create({ data: { email: `m-${randomUUID()}@sb.test`, passwordHash: "x" } });
    const member = await joinProgram(db, { userId: user.id, programId: shop.programId });

    const client = plaidClient();
    const { public_token } = (await client.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions] })).data;
    const account = await linkAccount(db, { userId: user.id, publicToken: public_token });
    expect(account).toMatchObject({ institutionName: "First Platypus Bank", accountName: "Plaid Checking", mask: "0000" });
    expect(await syncTransactions(db, account.id)).toMatchObject({ pages: 1, added: 2, purchases: 0 });

    const added = await post("/sandbox/boomerang/transactions/add", { item_id: account.plaidItemId, amount: 4.8, merchant_name: "Café Aurora", pending: true });
    expect(added.webhook_status).toBe(200);
    const hook = received.at(-1);
    expect(JSON.parse(hook?.body ?? "{}")).toMatchObject({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: account.plaidItemId });
    clearWebhookKeyCache();
    await expect(verifyPlaidWebhook({ body: hook?.body ?? "", header: hook?.header ?? null })).resolves.toBeUndefined();
    await expect(verifyPlaidWebhook({ body: `${hook?.body ?? ""} `, header: hook?.header ?? null })).rejects.toThrow(/body does not match/);

    expect(await syncTransactions(db, account.id)).toMatchObject({ purchases: 1 });
    const txn = added.transaction as { transaction_id: string };
    await post("/sandbox/boomerang/transactions/post", { item_id: account.plaidItemId, transaction_id: txn.transaction_id, link: false, fire_webhook: false });
    expect(await syncTransactions(db, account.id)).toMatchObject({ removed: 1, added: 1, purchases: 0, reused: 1, refunds: 0 });
    expect(await db.reward.findMany({ where: { memberId: member.id }, select: { amountMinor: true, status: true } })).toEqual([{ amountMinor: 48n, status: "PENDING" }]);

    await unlinkAccount(db, { userId: user.id, linkedAccountId: account.id });
    const afterRemove = await client.transactionsSync({ access_token: "access-sandbox-nope" }).catch((e: unknown) => plaidErrorOf(e));
    expect(afterRemove).toMatchObject({ status: 400, code: "INVALID_ACCESS_TOKEN" });
  });

  it("asks for a new login like Plaid does, and accepts update mode's login", async () => {
    const user = await db.user.create({ data: { email: `r-${randomUUID()}@sb.test`, passwordHash: "x" } });
    const client = plaidClient();
    const { public_token } = (await client.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions] })).data;
    const account = await linkAccount(db, { userId: user.id, publicToken: public_token });
    expect(await post("/sandbox/boomerang/item/login", { access_token: "access-sandbox-nope" })).toMatchObject({ error_code: "INVALID_ACCESS_TOKEN" });

    // The bank wants a login: an ITEM ERROR webhook, the item reports the error, and syncing fails with it.
    const reset = await post("/sandbox/boomerang/item/reset_login", { item_id: account.plaidItemId });
    expect(reset.webhook_status).toBe(200);
    expect(JSON.parse(received.at(-1)?.body ?? "{}")).toMatchObject({ webhook_type: "ITEM", webhook_code: "ERROR", item_id: account.plaidItemId, error: { error_code: "ITEM_LOGIN_REQUIRED" } });
    const token = decryptSecret((await db.linkedAccount.findUniqueOrThrow({ where: { id: account.id } })).accessTokenEnc);
    expect((await client.itemGet({ access_token: token })).data.item.error?.error_code).toBe("ITEM_LOGIN_REQUIRED");
    expect(await client.transactionsSync({ access_token: token }).catch((e: unknown) => plaidErrorOf(e))).toMatchObject({ status: 400, code: "ITEM_LOGIN_REQUIRED" });

    // Update mode: a link token for the item, then the login; the item is healthy again.
    expect((await client.linkTokenCreate({ user: { client_user_id: user.id }, client_name: "Boomerang", country_codes: [], language: "en", access_token: token })).data.link_token).toMatch(/^link-sandbox-/);
    expect(await post("/sandbox/boomerang/item/login", { access_token: token })).toMatchObject({ logged_in: true });
    expect((await client.itemGet({ access_token: token })).data.item.error).toBeNull();
    expect(await syncTransactions(db, account.id)).toMatchObject({ pages: 1 });
  });
});
