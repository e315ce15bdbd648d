-- No hot row per business: a provider's liability account is spread over 16 sub-accounts (shards 0–15),
-- chosen by the member a posting concerns, so rewards, captures and expiries for different members of one
-- business lock different rows. Every other account has only shard 0. Existing accounts are shard 0.

-- AlterTable
ALTER TABLE "ledger_accounts" ADD COLUMN "shard" SMALLINT NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "ledger_accounts_owner_type_owner_id_kind_currency_key";

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_owner_type_owner_id_kind_currency_shard_key" ON "ledger_accounts"("owner_type", "owner_id", "kind", "currency", "shard");

-- A shard never changes, like the rest of an account's identity.
CREATE OR REPLACE FUNCTION ledger_accounts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger account balances change only by posting entries' USING ERRCODE = 'BL100';
  END IF;
  IF NEW."id" <> OLD."id" OR NEW."owner_type" <> OLD."owner_type" OR NEW."owner_id" <> OLD."owner_id"
     OR NEW."kind" <> OLD."kind" OR NEW."currency" <> OLD."currency" OR NEW."shard" <> OLD."shard" THEN
    RAISE EXCEPTION 'ledger account identity is immutable' USING ERRCODE = 'BL100';
  END IF;
  RETURN NEW;
END;
$$;

-- The shard an entry of `p_kind` posts to, in a transaction concerning member `p_member` (its first MEMBER
-- entry): a provider's liability is spread by member; everything else is shard 0.
CREATE FUNCTION ledger_shard(p_kind text, p_member text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_kind = 'PROVIDER_LIABILITY' AND p_member IS NOT NULL THEN (hashtext(p_member) & 15)::smallint ELSE 0::smallint END
$$;

-- The member a transaction's entries concern: the owner of its first MEMBER entry, or null.
CREATE FUNCTION ledger_member_of(p_owner_types text[], p_owner_ids text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT x.oi FROM unnest(p_owner_types, p_owner_ids) WITH ORDINALITY AS x(ot, oi, ord) WHERE x.ot = 'MEMBER' ORDER BY x.ord LIMIT 1
$$;

-- The account for (owner, kind, currency, shard), created on first use.
CREATE FUNCTION ledger_account_id(p_owner_type "LedgerOwnerType", p_owner_id text, p_kind "LedgerAccountKind", p_currency "Currency", p_shard smallint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
BEGIN
  SELECT "id" INTO v_id FROM "ledger_accounts"
   WHERE "owner_type" = p_owner_type AND "owner_id" = p_owner_id AND "kind" = p_kind AND "currency" = p_currency AND "shard" = p_shard;
  IF v_id IS NULL THEN
    INSERT INTO "ledger_accounts" ("owner_type", "owner_id", "kind", "currency", "shard")
    VALUES (p_owner_type, p_owner_id, p_kind, p_currency, p_shard)
    ON CONFLICT ("owner_type", "owner_id", "kind", "currency", "shard") DO NOTHING
    RETURNING "id" INTO v_id;
    IF v_id IS NULL THEN
      SELECT "id" INTO v_id FROM "ledger_accounts"
       WHERE "owner_type" = p_owner_type AND "owner_id" = p_owner_id AND "kind" = p_kind AND "currency" = p_currency AND "shard" = p_shard;
    END IF;
  END IF;
  RETURN v_id;
END;
$$;

-- Shard 0: every account but a provider's liability has only this one.
CREATE OR REPLACE FUNCTION ledger_account_id(p_owner_type "LedgerOwnerType", p_owner_id text, p_kind "LedgerAccountKind", p_currency "Currency")
RETURNS bigint LANGUAGE sql AS $$
  SELECT ledger_account_id(p_owner_type, p_owner_id, p_kind, p_currency, 0::smallint)
$$;

-- As before, with each entry's account resolved in its shard.
CREATE OR REPLACE FUNCTION ledger_post(
  p_key text, p_kind "LedgerTransactionKind", p_reference_type text, p_reference_id text, p_metadata jsonb,
  p_hash text, p_reverses_id bigint, p_effective_at timestamptz,
  p_owner_types text[], p_owner_ids text[], p_kinds text[], p_currencies text[], p_amounts bigint[]
) RETURNS TABLE (transaction_id bigint, created boolean) LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
  v_hash text;
  v_accounts bigint[];
  v_member text := ledger_member_of(p_owner_types, p_owner_ids);
BEGIN
  INSERT INTO "ledger_transactions" ("idempotency_key", "kind", "reference_type", "reference_id", "metadata", "request_hash", "reverses_id", "effective_at")
  VALUES (p_key, p_kind, p_reference_type, p_reference_id, coalesce(p_metadata, '{}'::jsonb), p_hash, p_reverses_id, coalesce(p_effective_at, now()))
  ON CONFLICT ("idempotency_key") DO NOTHING
  RETURNING "id" INTO v_id;
  IF v_id IS NULL THEN
    SELECT t."id", t."request_hash" INTO v_id, v_hash FROM "ledger_transactions" t WHERE t."idempotency_key" = p_key;
    IF v_hash IS DISTINCT FROM p_hash THEN
      RAISE EXCEPTION 'idempotency key % was already used for a different transaction', p_key USING ERRCODE = 'BL001';
    END IF;
    RETURN QUERY SELECT v_id, false;
    RETURN;
  END IF;

  -- Resolve (and create) accounts in one canonical order, so two posts creating the same new accounts
  -- cannot deadlock; the ids are then put back in the caller's entry order.
  WITH resolved AS (
    SELECT u.ord, ledger_account_id(u.ot::"LedgerOwnerType", u.oi, u.k::"LedgerAccountKind", u.c::"Currency", ledger_shard(u.k, v_member)) AS id
      FROM (SELECT * FROM unnest(p_owner_types, p_owner_ids, p_kinds, p_currencies) WITH ORDINALITY AS x(ot, oi, k, c, ord)
             ORDER BY ot, oi, k, c) AS u
  )
  SELECT array_agg(r.id ORDER BY r.ord) INTO v_accounts FROM resolved r;

  PERFORM 1 FROM "ledger_accounts" WHERE "id" = ANY (v_accounts) ORDER BY "id" FOR UPDATE;

  INSERT INTO "ledger_entries" ("transaction_id", "account_id", "amount", "currency", "balance_after")
  SELECT v_id, u.a, u.m, u.c::"Currency", 0
    FROM unnest(v_accounts, p_amounts, p_currencies) AS u(a, m, c)
   ORDER BY u.a;

  RETURN QUERY SELECT v_id, true;
END;
$$;
