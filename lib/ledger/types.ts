import type { Currency, LedgerAccountKind, LedgerOwnerType, LedgerTransactionKind } from "@/lib/db/generated/enums";

export type { Currency, LedgerAccountKind, LedgerOwnerType, LedgerTransactionKind };

/** An account is named by its owner, kind and currency; it is created on first use. */
export type AccountRef = { ownerType: LedgerOwnerType; ownerId: string; kind: LedgerAccountKind; currency: Currency };

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type EntryInput = { account: AccountRef; amount: bigint };

export type PostInput = {
  /** Unique per business event, e.g. `reward:<id>:earn`. A retry with the same key is answered, not re-posted. */
  idempotencyKey: string;
  kind: LedgerTransactionKind;
  reference?: { type: string; id: string };
  metadata?: { [key: string]: Json };
  /** When the business event happened, if not now (imports, back-dated demo data). */
  effectiveAt?: Date;
  entries: EntryInput[];
};

export type Posted = { transactionId: bigint; created: boolean };

/** Kinds the database allows below zero; every other kind is refused by a CHECK constraint. */
export const NEGATIVE_ALLOWED: ReadonlySet<LedgerAccountKind> = new Set(["PROVIDER_LIABILITY", "PROVIDER_FEES_OWED", "EXTERNAL", "PLATFORM_PAYOUT_COSTS"]);

export const PLATFORM_OWNER = "platform";

export const memberAccount = (memberId: string, kind: "MEMBER_PENDING" | "MEMBER_AVAILABLE" | "MEMBER_HELD", currency: Currency): AccountRef => ({
  ownerType: "MEMBER",
  ownerId: memberId,
  kind,
  currency,
});

export const providerAccount = (providerId: string, kind: "PROVIDER_LIABILITY" | "PROVIDER_FUNDING" | "PROVIDER_FEES_OWED" | "PROVIDER_UNCLAIMED", currency: Currency): AccountRef => ({
  ownerType: "PROVIDER",
  ownerId: providerId,
  kind,
  currency,
});

export const platformAccount = (kind: "PLATFORM_FEES" | "PAYOUTS_CLEARING" | "PLATFORM_PAYOUT_COSTS", currency: Currency): AccountRef => ({
  ownerType: "PLATFORM",
  ownerId: PLATFORM_OWNER,
  kind,
  currency,
});

export const externalAccount = (label: string, currency: Currency): AccountRef => ({ ownerType: "EXTERNAL", ownerId: label, kind: "EXTERNAL", currency });
