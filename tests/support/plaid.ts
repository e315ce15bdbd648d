import { randomUUID } from "node:crypto";
import { http } from "msw";
import { setupServer } from "msw/node";
import { createPlaidSandbox, type SandboxTransaction } from "@/dev/sandbox/plaid/sandbox";

/** Where the SDK is pointed in tests; msw answers for Plaid there (nothing leaves the process). */
export const PLAID_TEST_URL = "http://plaid.test";

export type FakeTxn = SandboxTransaction;

/**
 * Plaid for tests: msw hands the SDK's requests to the same sandbox the dev server runs (dev/sandbox/plaid), in
 * memory, plus knobs for tests (page size, a failure at a given cursor, an expired key) and its webhook signing.
 */
export function fakePlaid() {
  const sandbox = createPlaidSandbox();
  return {
    server: setupServer(http.all(`${PLAID_TEST_URL}/*`, ({ request }) => sandbox.handle(request))),
    handle: sandbox.handle,
    calls: sandbox.requests,
    state: sandbox.knobs,
    /** A linked item as Link would leave it (an investment account before the checking account, no history): the public token to exchange. */
    newItem(known: { accessToken?: string; accountId?: string } = {}): { publicToken: string; itemId: string; accountId: string; accessToken: string } {
      const accountId = known.accountId ?? `acc-${randomUUID().slice(0, 8)}`;
      const item = sandbox.createItem("ins_109508", null, {
        accessToken: known.accessToken,
        history: false,
        accounts: [
          { account_id: `${accountId}-cd`, name: "Plaid CD", official_name: "Plaid Bronze Standard 0.2% Interest CD", mask: "1111", type: "investment", subtype: "cd" },
          { account_id: accountId, name: "Plaid Checking", official_name: "Plaid Gold Standard 0% Interest Checking", mask: "0000", type: "depository", subtype: "checking" },
        ],
      });
      return { publicToken: sandbox.publicTokenFor(item), itemId: item.item_id, accountId, accessToken: item.access_token };
    },
    item: sandbox.item,
    txn(itemId: string, t: Partial<FakeTxn> & { amount: number }): FakeTxn {
      const account = sandbox.item(itemId).accounts.at(-1);
      return {
        transaction_id: `txn-${randomUUID()}`,
        account_id: account?.account_id ?? "",
        iso_currency_code: "EUR",
        unofficial_currency_code: null,
        date: new Date().toISOString().slice(0, 10),
        authorized_date: null,
        name: t.merchant_name ?? "Card purchase",
        merchant_name: null,
        merchant_entity_id: null,
        pending: false,
        pending_transaction_id: null,
        payment_channel: "in store",
        category: null,
        transaction_type: "place",
        ...t,
      };
    },
    add(itemId: string, txn: FakeTxn) {
      sandbox.record(sandbox.item(itemId), { kind: "added", transaction: txn });
      return txn;
    },
    modify(itemId: string, txn: FakeTxn) {
      sandbox.record(sandbox.item(itemId), { kind: "modified", transaction: txn });
      return txn;
    },
    remove(itemId: string, txn: FakeTxn) {
      sandbox.record(sandbox.item(itemId), { kind: "removed", transaction_id: txn.transaction_id, account_id: txn.account_id });
    },
    signingKey: sandbox.signingKey,
    sign: sandbox.sign,
  };
}
