import { createHash, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { setupServer } from "msw/node";

/** Where the SDK is pointed in tests; msw answers for Plaid there (nothing leaves the process). */
export const PLAID_TEST_URL = "http://plaid.test";

export type FakeTxn = {
  transaction_id: string;
  account_id: string;
  amount: number;
  iso_currency_code: string;
  date: string;
  authorized_date: string | null;
  name: string;
  merchant_name: string | null;
  merchant_entity_id: string | null;
  pending: boolean;
  pending_transaction_id: string | null;
};

type Change = { kind: "added" | "modified"; txn: FakeTxn } | { kind: "removed"; id: string; account_id: string };

type Item = { itemId: string; accessToken: string; accountId: string; log: Change[]; removed: boolean; loginRequired?: boolean };

/**
 * A fake of Plaid's API for msw: the endpoints our code calls, with Plaid's shapes and errors, plus knobs for
 * tests (page size, a failure at a given cursor) and an ES256 key to sign webhooks with.
 */
export function fakePlaid() {
  const items = new Map<string, Item>();
  const publicTokens = new Map<string, string>();
  const calls: { path: string; body: Record<string, unknown> }[] = [];
  const state = { pageSize: 100, failAtCursor: null as string | null, keyExpiredAt: null as number | null };
  let key: { kid: string; privateKey: CryptoKey; publicJwk: JWK } | null = null;

  const plaidError = (status: number, code: string, message: string) =>
    HttpResponse.json({ error_type: "INVALID_INPUT", error_code: code, error_message: message, display_message: null, request_id: "req" }, { status });
  const itemByToken = (token: unknown) => [...items.values()].find((i) => i.accessToken === token);

  const route = (path: string, fn: (body: Record<string, unknown>) => Response | JsonBodyType) =>
    http.post(`${PLAID_TEST_URL}${path}`, async ({ request }) => {
      const raw: unknown = await request.json();
      const body = typeof raw === "object" && raw !== null ? Object.fromEntries(Object.entries(raw)) : {};
      calls.push({ path, body });
      const out = fn(body);
      return out instanceof Response ? out : HttpResponse.json(out);
    });

  const handlers = [
    route("/link/token/create", () => ({ link_token: `link-sandbox-${randomUUID()}`, expiration: "2030-01-01T00:00:00Z", request_id: "req" })),
    route("/item/public_token/exchange", (body) => {
      const itemId = typeof body.public_token === "string" ? publicTokens.get(body.public_token) : undefined;
      if (!itemId) return plaidError(400, "INVALID_PUBLIC_TOKEN", "provided public token is in an invalid format or does not exist");
      publicTokens.delete(String(body.public_token));
      const item = items.get(itemId);
      return { access_token: item?.accessToken, item_id: itemId, request_id: "req" };
    }),
    route("/accounts/get", (body) => {
      const item = itemByToken(body.access_token);
      if (!item || item.removed) return plaidError(400, "INVALID_ACCESS_TOKEN", "invalid access token");
      return {
        accounts: [
          { account_id: `${item.accountId}-cd`, name: "Plaid CD", mask: "1111", type: "investment", subtype: "cd", balances: {} },
          { account_id: item.accountId, name: "Plaid Checking", mask: "0000", type: "depository", subtype: "checking", balances: {} },
        ],
        item: { item_id: item.itemId, institution_id: "ins_109508", institution_name: "First Platypus Bank" },
        request_id: "req",
      };
    }),
    route("/item/get", (body) => {
      const item = itemByToken(body.access_token);
      if (!item || item.removed) return plaidError(400, "INVALID_ACCESS_TOKEN", "invalid access token");
      const error = item.loginRequired ? { error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED", error_message: "the login details of this item have changed", display_message: null } : null;
      return { item: { item_id: item.itemId, institution_id: "ins_109508", error, available_products: [], billed_products: ["transactions"] }, status: null, request_id: "req" };
    }),
    route("/item/remove", (body) => {
      const item = itemByToken(body.access_token);
      if (!item || item.removed) return plaidError(400, "ITEM_NOT_FOUND", "the Item you requested cannot be found");
      item.removed = true;
      return { request_id: "req" };
    }),
    route("/transactions/sync", (body) => {
      const item = itemByToken(body.access_token);
      if (!item || item.removed) return plaidError(400, "INVALID_ACCESS_TOKEN", "invalid access token");
      if (item.loginRequired) return plaidError(400, "ITEM_LOGIN_REQUIRED", "the login details of this item have changed");
      const cursor = typeof body.cursor === "string" ? body.cursor : "0";
      if (state.failAtCursor === cursor) return plaidError(500, "INTERNAL_SERVER_ERROR", "an unexpected error occurred");
      const start = Number(cursor);
      const page = item.log.slice(start, start + state.pageSize);
      const end = start + page.length;
      return {
        added: page.flatMap((c) => (c.kind === "added" ? [c.txn] : [])),
        modified: page.flatMap((c) => (c.kind === "modified" ? [c.txn] : [])),
        removed: page.flatMap((c) => (c.kind === "removed" ? [{ transaction_id: c.id, account_id: c.account_id }] : [])),
        accounts: [],
        next_cursor: String(end),
        has_more: end < item.log.length,
        transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
        request_id: "req",
      };
    }),
    route("/webhook_verification_key/get", (body) => {
      if (!key || body.key_id !== key.kid) return plaidError(400, "INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided");
      return { key: { ...key.publicJwk, alg: "ES256", use: "sig", kid: key.kid, created_at: 1_700_000_000, expired_at: state.keyExpiredAt }, request_id: "req" };
    }),
  ];

  return {
    server: setupServer(...handlers),
    calls,
    state,
    /** A linked item as Link would leave it: returns the public token to exchange. */
    newItem(): { publicToken: string; itemId: string; accountId: string; accessToken: string } {
      const itemId = `item-${randomUUID()}`;
      const item: Item = { itemId, accessToken: `access-sandbox-${randomUUID()}`, accountId: `acc-${randomUUID().slice(0, 8)}`, log: [], removed: false };
      items.set(itemId, item);
      const publicToken = `public-sandbox-${randomUUID()}`;
      publicTokens.set(publicToken, itemId);
      return { publicToken, itemId, accountId: item.accountId, accessToken: item.accessToken };
    },
    item(itemId: string): Item {
      const item = items.get(itemId);
      if (!item) throw new Error(`no fake item ${itemId}`);
      return item;
    },
    txn(itemId: string, t: Partial<FakeTxn> & { amount: number }): FakeTxn {
      const item = this.item(itemId);
      return {
        transaction_id: `txn-${randomUUID()}`,
        account_id: item.accountId,
        iso_currency_code: "EUR",
        date: new Date().toISOString().slice(0, 10),
        authorized_date: null,
        name: t.merchant_name ?? "Card purchase",
        merchant_name: null,
        merchant_entity_id: null,
        pending: false,
        pending_transaction_id: null,
        ...t,
      };
    },
    add(itemId: string, txn: FakeTxn) {
      this.item(itemId).log.push({ kind: "added", txn });
      return txn;
    },
    modify(itemId: string, txn: FakeTxn) {
      this.item(itemId).log.push({ kind: "modified", txn });
      return txn;
    },
    remove(itemId: string, txn: FakeTxn) {
      this.item(itemId).log.push({ kind: "removed", id: txn.transaction_id, account_id: txn.account_id });
    },
    /** The webhook signing key Plaid would publish (generated on first use). */
    async signingKey() {
      if (!key) {
        const pair = await generateKeyPair("ES256", { extractable: true });
        key = { kid: randomUUID(), privateKey: pair.privateKey, publicJwk: await exportJWK(pair.publicKey) };
      }
      return key;
    },
    /** A `Plaid-Verification` header for `body`, as Plaid signs it; overrides let tests forge bad ones. */
    async sign(body: string, opts: { iat?: number; kid?: string; key?: CryptoKey; bodyHash?: string } = {}) {
      const k = await this.signingKey();
      return new SignJWT({ request_body_sha256: opts.bodyHash ?? createHash("sha256").update(body).digest("hex") })
        .setProtectedHeader({ alg: "ES256", kid: opts.kid ?? k.kid, typ: "JWT" })
        .setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000))
        .sign(opts.key ?? k.privateKey);
    },
  };
}
