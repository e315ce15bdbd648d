import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { importJWK, SignJWT, type JWK } from "jose";
import { SANDBOX_INSTITUTIONS } from "./institutions";

/**
 * A stand-in for Plaid's API as one function from Request to Response, so the real `plaid` SDK works offline:
 * the dev server (./server.ts) serves it over HTTP and the tests' msw handlers delegate to it. It speaks Plaid's
 * request and response shapes for the endpoints Boomerang uses, signs its webhooks like Plaid (ES256
 * `Plaid-Verification` JWT with `request_body_sha256`), and adds a few helpers under /sandbox/boomerang/ to make
 * transactions appear, post and disappear. State can live in one JSON file.
 */

export type SandboxTransaction = {
  transaction_id: string;
  account_id: string;
  amount: number;
  iso_currency_code: string;
  unofficial_currency_code: null;
  date: string;
  authorized_date: string | null;
  name: string;
  merchant_name: string | null;
  merchant_entity_id: string | null;
  pending: boolean;
  pending_transaction_id: string | null;
  payment_channel: "in store" | "online" | "other";
  category: string[] | null;
  transaction_type: "place";
};

export type SandboxAccount = { account_id: string; name: string; official_name: string; mask: string; type: "depository" | "credit" | "investment"; subtype: string };

export type Change = { kind: "added" | "modified"; transaction: SandboxTransaction } | { kind: "removed"; transaction_id: string; account_id: string };

export type SandboxItem = {
  item_id: string;
  access_token: string;
  institution_id: string;
  institution_name: string;
  webhook: string | null;
  removed: boolean;
  /** Set by /sandbox/item/reset_login: the bank wants the member to log in again (Link in update mode). */
  login_required?: boolean;
  accounts: SandboxAccount[];
  transactions: Record<string, SandboxTransaction>;
  /** Every change in order; a cursor is a position in this log. */
  log: Change[];
};

type State = {
  key: { kid: string; created_at: number; privateJwk: JWK; publicJwk: JWK };
  items: Record<string, SandboxItem>;
  publicTokens: Record<string, string>;
};

class PlaidError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const today = () => new Date().toISOString().slice(0, 10);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** Knobs for tests: a smaller page, an outage at a given cursor, the published key marked expired. */
export type PlaidKnobs = { pageSize: number; failAtCursor: string | null; keyExpiredAt: number | null };

export type PlaidSandboxOptions = {
  /** Where an item's webhooks go unless it was created with its own. */
  defaultWebhook?: string;
  /** JSON file the items are kept in; absent: memory only. */
  stateFile?: string;
};

export type PlaidSandboxApi = ReturnType<typeof createPlaidSandbox>;

export function createPlaidSandbox(opts: PlaidSandboxOptions = {}) {
  const state = loadState(opts.stateFile);
  const defaultWebhook = opts.defaultWebhook ?? null;
  const knobs: PlaidKnobs = { pageSize: 500, failAtCursor: null, keyExpiredAt: null };
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  const save = () => {
    if (!opts.stateFile) return;
    mkdirSync(path.dirname(opts.stateFile), { recursive: true });
    const tmp = `${opts.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, opts.stateFile);
  };

  const byAccessToken = (token: unknown): SandboxItem => {
    const item = Object.values(state.items).find((i) => i.access_token === token);
    if (!item) throw new PlaidError(400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", "provided access token is in an invalid format or does not exist");
    if (item.removed) throw new PlaidError(400, "ITEM_ERROR", "ITEM_NOT_FOUND", "the Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user");
    return item;
  };
  const byItemId = (id: unknown): SandboxItem => {
    const item = typeof id === "string" ? state.items[id] : undefined;
    if (!item || item.removed) throw new PlaidError(400, "ITEM_ERROR", "ITEM_NOT_FOUND", `no item "${String(id)}"`);
    return item;
  };
  const txnOf = (item: SandboxItem, id: unknown): SandboxTransaction => {
    const txn = typeof id === "string" ? item.transactions[id] : undefined;
    if (!txn) throw new PlaidError(400, "INVALID_INPUT", "INVALID_FIELD", `no transaction "${String(id)}" on item ${item.item_id}`);
    return txn;
  };

  /** A `Plaid-Verification` header for `body`, as Plaid signs it; overrides let tests forge bad ones. */
  async function sign(body: string, forge: { iat?: number; kid?: string; key?: CryptoKey; bodyHash?: string } = {}): Promise<string> {
    return new SignJWT({ request_body_sha256: forge.bodyHash ?? createHash("sha256").update(body).digest("hex") })
      .setProtectedHeader({ alg: "ES256", kid: forge.kid ?? state.key.kid, typ: "JWT" })
      .setIssuedAt(forge.iat ?? Math.floor(Date.now() / 1000))
      .sign(forge.key ?? (await importJWK(state.key.privateJwk, "ES256")));
  }

  async function fireWebhook(item: SandboxItem, code = "SYNC_UPDATES_AVAILABLE", type = "TRANSACTIONS", extra: object = {}): Promise<number> {
    const body = JSON.stringify(
      type === "TRANSACTIONS"
        ? { webhook_type: type, webhook_code: code, item_id: item.item_id, initial_update_complete: true, historical_update_complete: true, environment: "sandbox" }
        : { webhook_type: type, webhook_code: code, item_id: item.item_id, environment: "sandbox", ...extra },
      null,
      2,
    );
    const target = item.webhook ?? defaultWebhook;
    if (!target) return 0;
    const jwt = await sign(body);
    const response = await fetch(target, { method: "POST", headers: { "content-type": "application/json", "plaid-verification": jwt }, body });
    await response.arrayBuffer();
    return response.status;
  }

  const LOGIN_REQUIRED_ERROR = {
    error_type: "ITEM_ERROR",
    error_code: "ITEM_LOGIN_REQUIRED",
    error_message: "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information",
    display_message: null,
  };

  /** What Plaid does when the bank wants a new login: the item errors until the member goes through update mode. */
  async function requireLogin(item: SandboxItem): Promise<number> {
    item.login_required = true;
    save();
    return fireWebhook(item, "ERROR", "ITEM", { error: LOGIN_REQUIRED_ERROR });
  }

  function addTransaction(item: SandboxItem, input: Record<string, unknown>): SandboxTransaction {
    const amount = typeof input.amount === "number" ? input.amount : Number(input.amount);
    if (!Number.isFinite(amount)) throw new PlaidError(400, "INVALID_INPUT", "INVALID_FIELD", "amount must be a number");
    const account = item.accounts[0];
    if (!account) throw new PlaidError(400, "INVALID_INPUT", "INVALID_FIELD", "item has no account");
    const merchant = str(input.merchant_name) ?? null;
    const txn: SandboxTransaction = {
      transaction_id: str(input.transaction_id) ?? `txn_${randomUUID().replaceAll("-", "")}`,
      account_id: str(input.account_id) ?? account.account_id,
      amount,
      iso_currency_code: str(input.iso_currency_code) ?? "EUR",
      unofficial_currency_code: null,
      date: str(input.date) ?? today(),
      authorized_date: str(input.date) ?? today(),
      name: str(input.name) ?? merchant ?? "Card purchase",
      merchant_name: merchant,
      merchant_entity_id: str(input.merchant_entity_id) ?? null,
      pending: input.pending === true,
      pending_transaction_id: str(input.pending_transaction_id) ?? null,
      payment_channel: "in store",
      category: null,
      transaction_type: "place",
    };
    if (item.transactions[txn.transaction_id]) throw new PlaidError(400, "INVALID_INPUT", "INVALID_FIELD", "transaction id already used");
    item.transactions[txn.transaction_id] = txn;
    record(item, { kind: "added", transaction: txn });
    return txn;
  }

  function removeTransaction(item: SandboxItem, txn: SandboxTransaction) {
    record(item, { kind: "removed", transaction_id: txn.transaction_id, account_id: txn.account_id });
  }

  /** Changes the bank reports, in order (transactions/sync reads them from the item's log). */
  function record(item: SandboxItem, change: Change) {
    if (change.kind === "removed") delete item.transactions[change.transaction_id];
    else item.transactions[change.transaction.transaction_id] = change.transaction;
    item.log.push(change);
  }

  /** An item as Plaid creates it on linking; `history: false` leaves out the transactions a fresh item has. */
  function createItem(institutionId: string, webhook: string | null, shape: { accounts?: SandboxAccount[]; history?: boolean; accessToken?: string } = {}): SandboxItem {
    const institution = SANDBOX_INSTITUTIONS.find((i) => i.institution_id === institutionId);
    if (!institution) throw new PlaidError(400, "INVALID_INPUT", "INVALID_INSTITUTION", `unknown sandbox institution "${institutionId}"`);
    const id = randomUUID().replaceAll("-", "");
    const item: SandboxItem = {
      item_id: `item_${id}`,
      access_token: shape.accessToken ?? `access-sandbox-${randomUUID()}`,
      institution_id: institution.institution_id,
      institution_name: institution.name,
      webhook,
      removed: false,
      accounts: shape.accounts ?? [
        { account_id: `acc_${id.slice(0, 12)}_chk`, name: "Plaid Checking", official_name: "Plaid Gold Standard 0% Interest Checking", mask: "0000", type: "depository", subtype: "checking" },
        { account_id: `acc_${id.slice(0, 12)}_cc`, name: "Plaid Credit Card", official_name: "Plaid Diamond 12.5% APR Interest Credit Card", mask: "3333", type: "credit", subtype: "credit card" },
      ],
      transactions: {},
      log: [],
    };
    state.items[item.item_id] = item;
    if (shape.history === false) return item;
    // History that matches no business, as a fresh Plaid item has.
    addTransaction(item, { amount: 6.33, name: "Uber 072515 SF**POOL**", merchant_name: "Uber" });
    addTransaction(item, { amount: 89.4, name: "SparkFun", merchant_name: "SparkFun" });
    return item;
  }

  function publicTokenFor(item: SandboxItem): string {
    const publicToken = `public-sandbox-${randomUUID()}`;
    state.publicTokens[publicToken] = item.item_id;
    return publicToken;
  }

  const routes: Record<string, (body: Record<string, unknown>) => Promise<object> | object> = {
    "/link/token/create": (body) => {
      const user = body.user;
      if (typeof user !== "object" || user === null || !("client_user_id" in user) || !str(user.client_user_id)) {
        throw new PlaidError(400, "INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: user.client_user_id");
      }
      // Update mode: a link token for an existing item (its access token), to log in to the bank again.
      if (body.access_token !== undefined) byAccessToken(body.access_token);
      return { link_token: `link-sandbox-${randomUUID()}`, expiration: new Date(Date.now() + 4 * 3600_000).toISOString() };
    },
    "/sandbox/public_token/create": (body) => {
      const options = typeof body.options === "object" && body.options !== null ? body.options : {};
      const webhook = "webhook" in options ? str(options.webhook) : undefined;
      return { public_token: publicTokenFor(createItem(str(body.institution_id) ?? "", webhook ?? defaultWebhook)) };
    },
    "/item/public_token/exchange": (body) => {
      const token = str(body.public_token);
      const itemId = token ? state.publicTokens[token] : undefined;
      if (!token || !itemId) throw new PlaidError(400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN", "provided public token is in an invalid format or does not exist");
      delete state.publicTokens[token];
      const item = byItemId(itemId);
      return { access_token: item.access_token, item_id: item.item_id };
    },
    "/item/get": (body) => {
      const item = byAccessToken(body.access_token);
      return {
        item: { item_id: item.item_id, institution_id: item.institution_id, webhook: item.webhook, error: item.login_required ? LOGIN_REQUIRED_ERROR : null, available_products: [], billed_products: ["transactions"] },
        status: null,
      };
    },
    "/sandbox/item/reset_login": async (body) => {
      await requireLogin(byAccessToken(body.access_token));
      return { reset_login: true };
    },
    "/accounts/get": (body) => {
      const item = byAccessToken(body.access_token);
      return {
        accounts: item.accounts.map((a) => ({ ...a, balances: { available: 100, current: 110, iso_currency_code: "EUR", limit: null, unofficial_currency_code: null } })),
        item: { item_id: item.item_id, institution_id: item.institution_id, institution_name: item.institution_name, webhook: item.webhook, error: null, available_products: [], billed_products: ["transactions"] },
      };
    },
    // Plaid's Stripe processor integration: a bank account token Stripe accepts as a payout destination.
    "/processor/stripe/bank_account_token/create": (body) => {
      const item = byAccessToken(body.access_token);
      if (!item.accounts.some((a) => a.account_id === body.account_id)) throw new PlaidError(400, "INVALID_INPUT", "INVALID_ACCOUNT_ID", "account_id does not belong to this item");
      return { stripe_bank_account_token: `btok_sandbox_${randomUUID().replace(/-/g, "").slice(0, 24)}` };
    },
    "/item/remove": (body) => {
      const item = byAccessToken(body.access_token);
      item.removed = true;
      return {};
    },
    "/transactions/sync": (body) => {
      const item = byAccessToken(body.access_token);
      if (item.login_required) throw new PlaidError(400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED", LOGIN_REQUIRED_ERROR.error_message);
      const cursor = str(body.cursor);
      if (knobs.failAtCursor === (cursor ?? "0")) throw new PlaidError(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "an unexpected error occurred");
      const start = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
      if (!Number.isInteger(start) || start < 0 || start > item.log.length) throw new PlaidError(400, "INVALID_INPUT", "INVALID_FIELD", "cursor is not valid");
      const count = Math.min(typeof body.count === "number" ? Math.min(Math.max(body.count, 1), 500) : 100, knobs.pageSize);
      const page = item.log.slice(start, start + count);
      const end = start + page.length;
      return {
        added: page.flatMap((c) => (c.kind === "added" ? [c.transaction] : [])),
        modified: page.flatMap((c) => (c.kind === "modified" ? [c.transaction] : [])),
        removed: page.flatMap((c) => (c.kind === "removed" ? [{ transaction_id: c.transaction_id, account_id: c.account_id }] : [])),
        accounts: item.accounts,
        next_cursor: String(end),
        has_more: end < item.log.length,
        transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
      };
    },
    "/webhook_verification_key/get": (body) => {
      if (str(body.key_id) !== state.key.kid) throw new PlaidError(400, "INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided");
      return { key: { ...state.key.publicJwk, alg: "ES256", use: "sig", kid: state.key.kid, created_at: state.key.created_at, expired_at: knobs.keyExpiredAt } };
    },
    "/sandbox/item/fire_webhook": async (body) => {
      const item = byAccessToken(body.access_token);
      await fireWebhook(item, str(body.webhook_code) ?? "SYNC_UPDATES_AVAILABLE");
      return { webhook_fired: true };
    },
    // Helpers of this sandbox (not Plaid's API), addressed by item id so a test needs no access token.
    "/sandbox/boomerang/transactions/add": async (body) => {
      const item = byItemId(body.item_id);
      const transaction = addTransaction(item, body);
      return { transaction, webhook_status: body.fire_webhook === false ? null : await fireWebhook(item) };
    },
    "/sandbox/boomerang/transactions/post": async (body) => {
      const item = byItemId(body.item_id);
      const pending = txnOf(item, body.transaction_id);
      if (!pending.pending) throw new PlaidError(400, "INVALID_INPUT", "INVALID_FIELD", "transaction is not pending");
      removeTransaction(item, pending);
      const posted = addTransaction(item, {
        ...pending,
        transaction_id: undefined,
        amount: typeof body.amount === "number" ? body.amount : pending.amount,
        pending: false,
        pending_transaction_id: body.link === false ? null : pending.transaction_id,
      });
      return { transaction: posted, webhook_status: body.fire_webhook === false ? null : await fireWebhook(item) };
    },
    "/sandbox/boomerang/transactions/remove": async (body) => {
      const item = byItemId(body.item_id);
      removeTransaction(item, txnOf(item, body.transaction_id));
      return { webhook_status: body.fire_webhook === false ? null : await fireWebhook(item) };
    },
    "/sandbox/boomerang/fire_webhook": async (body) => ({ webhook_status: await fireWebhook(byItemId(body.item_id)) }),
    "/sandbox/boomerang/item/reset_login": async (body) => ({ webhook_status: await requireLogin(byItemId(body.item_id)) }),
    // The sandbox's stand-in for logging in again inside Plaid Link's update mode (its UI cannot load offline).
    "/sandbox/boomerang/item/login": (body) => {
      const item = byAccessToken(body.access_token);
      item.login_required = false;
      return { logged_in: true };
    },
  };

  async function handle(request: Request): Promise<Response> {
    const requestId = randomUUID().slice(0, 12);
    const send = (status: number, payload: object) => Response.json({ ...payload, request_id: requestId }, { status });
    try {
      const pathname = new URL(request.url).pathname;
      if (request.method === "GET" && pathname === "/health") return send(200, { ok: true });
      const handler = routes[pathname];
      if (request.method !== "POST" || !handler) throw new PlaidError(404, "API_ERROR", "NOT_FOUND", `${request.method} ${pathname} is not implemented by the Boomerang Plaid sandbox`);
      let body: unknown;
      try {
        body = JSON.parse((await request.text()) || "{}");
      } catch {
        throw new PlaidError(400, "INVALID_REQUEST", "INVALID_BODY", "body could not be parsed as JSON");
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new PlaidError(400, "INVALID_REQUEST", "INVALID_BODY", "body must be a JSON object");
      const fields = Object.fromEntries(Object.entries(body));
      requests.push({ path: pathname, body: fields });
      const result = await handler(fields);
      save();
      return send(200, result);
    } catch (error) {
      if (error instanceof PlaidError) return send(error.status, { error_type: error.type, error_code: error.code, error_message: error.message, display_message: null });
      return send(500, { error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR", error_message: error instanceof Error ? error.message : String(error), display_message: null });
    }
  }

  return {
    handle,
    /** Every API request, in order (tests assert on what was sent). */
    requests,
    knobs,
    sign,
    /** The webhook key Plaid publishes for `sign`'s default key. */
    signingKey: () => ({ kid: state.key.kid, publicJwk: state.key.publicJwk }),
    createItem,
    publicTokenFor,
    record,
    item(itemId: string): SandboxItem {
      const item = state.items[itemId];
      if (!item) throw new Error(`no sandbox item ${itemId}`);
      return item;
    },
  };
}

function loadState(file: string | undefined): State {
  if (file && existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed === "object" && parsed !== null && "key" in parsed && "items" in parsed && "publicTokens" in parsed) {
      // Our own file, written by save() above.
      return parsed as State;
    }
  }
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    key: { kid: randomUUID(), created_at: Math.floor(Date.now() / 1000), privateJwk: privateKey.export({ format: "jwk" }) as JWK, publicJwk: publicKey.export({ format: "jwk" }) as JWK },
    items: {},
    publicTokens: {},
  };
}
