import type { Metadata } from "next";
import { Landmark } from "lucide-react";
import { EmptyState, PageHeader } from "@/components/ui";
import { LinkAccountButton } from "@/components/consumer/accounts/link-account-button";
import { LinkedAccountsList } from "@/components/consumer/accounts/linked-accounts-list";
import { TrackedPurchases } from "@/components/consumer/accounts/tracked-purchases";
import { requireUser } from "@/lib/auth/session";
import { sandboxLinkAllowed, TEST_BANKS } from "@/lib/banking/create-sandbox-public-token";
import { listLinkedAccounts } from "@/lib/banking/list-linked-accounts";
import { listTrackedPurchases } from "@/lib/banking/list-tracked-purchases";
import { plaidMode } from "@/lib/plaid/client";
import {
  completeReconnectAction,
  createLinkTokenAction,
  createReconnectLinkTokenAction,
  createSandboxPublicTokenAction,
  exchangePublicTokenAction,
  sandboxReconnectAction,
  unlinkAccountAction,
} from "./actions";

export const metadata: Metadata = { title: "Linked accounts" };

export default async function LinkedAccountsPage() {
  const user = await requireUser("/wallet/accounts");
  const [accounts, tracked] = await Promise.all([listLinkedAccounts(user.id), listTrackedPurchases(user.id)]);
  const mode = plaidMode() === "plaid" ? "plaid" : "sandbox";
  const link = (
    <LinkAccountButton
      mode={mode}
      sandboxAvailable={sandboxLinkAllowed()}
      institutions={TEST_BANKS.map((i) => ({ id: i.institution_id, name: i.name }))}
      createLinkToken={createLinkTokenAction}
      createSandboxPublicToken={createSandboxPublicTokenAction}
      exchangePublicToken={exchangePublicTokenAction}
    />
  );
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <PageHeader
        title="Linked accounts"
        description="Link a bank card once: purchases you pay with it at participating shops earn cashback automatically."
        actions={accounts.length > 0 ? link : undefined}
      />
      {accounts.length === 0 ? (
        <EmptyState
          icon={<Landmark />}
          title="No linked accounts"
          description="We only read transactions to spot purchases at shops in your programs. We never move money from your account."
          action={link}
        />
      ) : (
        <LinkedAccountsList
          accounts={accounts}
          unlink={unlinkAccountAction}
          reconnect={{ mode, createLinkToken: createReconnectLinkTokenAction, complete: completeReconnectAction, sandboxReconnect: sandboxReconnectAction }}
        />
      )}
      {tracked.length > 0 ? <TrackedPurchases purchases={tracked} /> : null}
    </div>
  );
}
