-- CreateEnum
CREATE TYPE "LedgerOwnerType" AS ENUM ('MEMBER', 'PROVIDER', 'PLATFORM', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "LedgerAccountKind" AS ENUM ('MEMBER_PENDING', 'MEMBER_AVAILABLE', 'MEMBER_HELD', 'PROVIDER_LIABILITY', 'PROVIDER_FUNDING', 'PROVIDER_FEES_OWED', 'PLATFORM_FEES', 'PAYOUTS_CLEARING', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "LedgerTransactionKind" AS ENUM ('EARN', 'RELEASE', 'REVERSE', 'REDEEM_HOLD', 'REDEEM_CAPTURE', 'REDEEM_RELEASE', 'WITHDRAW', 'FEE', 'ADJUSTMENT', 'EXPIRE', 'FUND', 'SETTLE');

-- CreateEnum
CREATE TYPE "LedgerHoldStatus" AS ENUM ('OPEN', 'CAPTURED', 'RELEASED');

-- CreateTable
CREATE TABLE "ledger_accounts" (
    "id" BIGSERIAL NOT NULL,
    "owner_type" "LedgerOwnerType" NOT NULL,
    "owner_id" TEXT NOT NULL,
    "kind" "LedgerAccountKind" NOT NULL,
    "currency" "Currency" NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_transactions" (
    "id" BIGSERIAL NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "kind" "LedgerTransactionKind" NOT NULL,
    "reference_type" TEXT,
    "reference_id" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "request_hash" TEXT NOT NULL,
    "reverses_id" BIGINT,
    "effective_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "transaction_id" BIGINT NOT NULL,
    "account_id" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" "Currency" NOT NULL,
    "balance_after" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_holds" (
    "id" BIGSERIAL NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount" BIGINT NOT NULL,
    "captured" BIGINT NOT NULL DEFAULT 0,
    "released" BIGINT NOT NULL DEFAULT 0,
    "status" "LedgerHoldStatus" NOT NULL DEFAULT 'OPEN',
    "reference_type" TEXT,
    "reference_id" TEXT,
    "hold_transaction_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_holds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_owner_type_owner_id_kind_currency_key" ON "ledger_accounts"("owner_type", "owner_id", "kind", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transactions_idempotency_key_key" ON "ledger_transactions"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transactions_reverses_id_key" ON "ledger_transactions"("reverses_id");

-- CreateIndex
CREATE INDEX "ledger_transactions_reference_type_reference_id_idx" ON "ledger_transactions"("reference_type", "reference_id");

-- CreateIndex
CREATE INDEX "ledger_entries_transaction_id_idx" ON "ledger_entries"("transaction_id");

-- CreateIndex
CREATE INDEX "ledger_entries_account_id_id_idx" ON "ledger_entries"("account_id", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ledger_holds_idempotency_key_key" ON "ledger_holds"("idempotency_key");

-- CreateIndex
CREATE INDEX "ledger_holds_member_id_idx" ON "ledger_holds"("member_id");

-- AddForeignKey
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_reverses_id_fkey" FOREIGN KEY ("reverses_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- ─── Ledger guarantees kept by the database itself ─────────────────────────────────────────────

-- Kinds that may never go below zero, whatever writes to them and however concurrently: the balance is
-- updated under the row lock of the UPDATE in ledger_entries_apply, and this CHECK sees the new value.
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_non_negative"
  CHECK ("balance" >= 0 OR "kind" IN ('PROVIDER_LIABILITY', 'PROVIDER_FEES_OWED', 'EXTERNAL'));
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_amount_non_zero" CHECK ("amount" <> 0);
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_key_not_blank" CHECK (length("idempotency_key") BETWEEN 1 AND 200);
ALTER TABLE "ledger_holds" ADD CONSTRAINT "ledger_holds_amounts"
  CHECK ("amount" > 0 AND "captured" >= 0 AND "released" >= 0 AND "captured" + "released" <= "amount");

-- Ledger rows are append-only: corrections are new reversing transactions.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'BL100', HINT = 'post a reversing transaction instead';
END;
$$;

CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON "ledger_transactions"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON "ledger_transactions"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_holds_no_delete BEFORE DELETE ON "ledger_holds"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_holds_no_truncate BEFORE TRUNCATE ON "ledger_holds"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON "ledger_accounts"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- An account's identity never changes, and its balance changes only through entries.
CREATE FUNCTION ledger_accounts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'ledger account balances change only by posting entries' USING ERRCODE = 'BL100';
  END IF;
  IF NEW."id" <> OLD."id" OR NEW."owner_type" <> OLD."owner_type" OR NEW."owner_id" <> OLD."owner_id"
     OR NEW."kind" <> OLD."kind" OR NEW."currency" <> OLD."currency" THEN
    RAISE EXCEPTION 'ledger account identity is immutable' USING ERRCODE = 'BL100';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION ledger_accounts_guard();

-- A new account starts at zero: a balance only ever comes from entries.
CREATE FUNCTION ledger_accounts_start_at_zero() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."balance" <> 0 THEN
    RAISE EXCEPTION 'a ledger account opens with a zero balance' USING ERRCODE = 'BL100';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_accounts_start_at_zero BEFORE INSERT ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION ledger_accounts_start_at_zero();

-- Each entry moves its account's cached balance in the same transaction and records the balance after it.
CREATE FUNCTION ledger_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
BEGIN
  UPDATE "ledger_accounts" SET "balance" = "balance" + NEW."amount"
   WHERE "id" = NEW."account_id" AND "currency" = NEW."currency"
  RETURNING "balance" INTO v_balance;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'entry currency % does not match account % (or the account does not exist)', NEW."currency", NEW."account_id"
      USING ERRCODE = 'BL102';
  END IF;
  NEW."balance_after" := v_balance;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_entries_apply BEFORE INSERT ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_apply();

-- Every statement that adds entries must leave each transaction it touches balanced per currency.
-- (Stricter than a deferred check: lib/ledger writes a transaction's entries in one statement.)
CREATE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_bad record;
BEGIN
  SELECT e."transaction_id", e."currency", sum(e."amount") AS total INTO v_bad
    FROM "ledger_entries" e
   WHERE e."transaction_id" IN (SELECT DISTINCT n."transaction_id" FROM new_entries n)
   GROUP BY e."transaction_id", e."currency"
  HAVING sum(e."amount") <> 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries sum to %', v_bad."transaction_id", v_bad."currency", v_bad.total
      USING ERRCODE = 'BL101';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_balanced();

-- A transaction must have at least two entries by the time its database transaction commits.
CREATE FUNCTION ledger_transactions_complete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM "ledger_entries" WHERE "transaction_id" = NEW."id") < 2 THEN
    RAISE EXCEPTION 'ledger transaction % has fewer than two entries', NEW."id" USING ERRCODE = 'BL101';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_transactions_complete AFTER INSERT ON "ledger_transactions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transactions_complete();

-- The account for (owner, kind, currency), created on first use.
CREATE FUNCTION ledger_account_id(p_owner_type "LedgerOwnerType", p_owner_id text, p_kind "LedgerAccountKind", p_currency "Currency")
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
BEGIN
  SELECT "id" INTO v_id FROM "ledger_accounts"
   WHERE "owner_type" = p_owner_type AND "owner_id" = p_owner_id AND "kind" = p_kind AND "currency" = p_currency;
  IF v_id IS NULL THEN
    INSERT INTO "ledger_accounts" ("owner_type", "owner_id", "kind", "currency")
    VALUES (p_owner_type, p_owner_id, p_kind, p_currency)
    ON CONFLICT ("owner_type", "owner_id", "kind", "currency") DO NOTHING
    RETURNING "id" INTO v_id;
    IF v_id IS NULL THEN
      SELECT "id" INTO v_id FROM "ledger_accounts"
       WHERE "owner_type" = p_owner_type AND "owner_id" = p_owner_id AND "kind" = p_kind AND "currency" = p_currency;
    END IF;
  END IF;
  RETURN v_id;
END;
$$;

-- Posts one transaction in one round trip: idempotent on p_key (same content → the original id with
-- created = false; different content → error BL001), accounts locked in id order so concurrent posts
-- touching the same accounts cannot deadlock, all entries in one INSERT.
CREATE FUNCTION ledger_post(
  p_key text, p_kind "LedgerTransactionKind", p_reference_type text, p_reference_id text, p_metadata jsonb,
  p_hash text, p_reverses_id bigint, p_effective_at timestamptz,
  p_owner_types text[], p_owner_ids text[], p_kinds text[], p_currencies text[], p_amounts bigint[]
) RETURNS TABLE (transaction_id bigint, created boolean) LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
  v_hash text;
  v_accounts bigint[];
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
    SELECT u.ord, ledger_account_id(u.ot::"LedgerOwnerType", u.oi, u.k::"LedgerAccountKind", u.c::"Currency") AS id
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
