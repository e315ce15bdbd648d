-- Holds, captures and releases in one statement each (one round trip, no interactive transaction): under
-- load an interactive transaction times out waiting for its connection, which turned INSUFFICIENT_FUNDS
-- races into spurious failures. Both functions post through ledger_post and keep ledger_holds in step.

-- Reserves p_amount of a member's available balance (available → held) and records the hold. A retry with
-- the same key returns the hold it made; the key used for anything else is BL001. Too little available is
-- the ledger_accounts_non_negative CHECK, as for any post — unless p_partial, which holds what is available
-- (under the account's row lock), and still refuses when that is nothing.
CREATE FUNCTION ledger_hold(
  p_key text, p_member_id text, p_currency "Currency", p_amount bigint, p_reference_type text, p_reference_id text, p_metadata jsonb,
  p_partial boolean DEFAULT false
) RETURNS SETOF "ledger_holds" LANGUAGE plpgsql AS $$
DECLARE
  v_tx bigint;
  v_created boolean;
  v_amount bigint := p_amount;
  v_available bigint;
BEGIN
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'a hold must be for a positive amount' USING ERRCODE = 'BL104';
  END IF;
  IF p_partial AND NOT EXISTS (SELECT 1 FROM "ledger_transactions" WHERE "idempotency_key" = p_key) THEN
    SELECT a."balance" INTO v_available FROM "ledger_accounts" a
     WHERE a."owner_type" = 'MEMBER' AND a."owner_id" = p_member_id AND a."kind" = 'MEMBER_AVAILABLE' AND a."currency" = p_currency
       FOR UPDATE;
    v_amount := least(p_amount, coalesce(v_available, 0));
    IF v_amount <= 0 THEN
      RAISE EXCEPTION 'new row violates check constraint "ledger_accounts_non_negative"' USING ERRCODE = '23514';
    END IF;
  END IF;
  SELECT p.transaction_id, p.created INTO v_tx, v_created
    FROM ledger_post(p_key, 'REDEEM_HOLD', p_reference_type, p_reference_id, p_metadata,
                     encode(sha256(convert_to(format('hold|%s|%s|%s|%s|%s|%s|%s', p_member_id, p_currency, p_amount, p_partial, p_reference_type, p_reference_id, p_key), 'UTF8')), 'hex'),
                     NULL, NULL,
                     ARRAY['MEMBER', 'MEMBER'], ARRAY[p_member_id, p_member_id], ARRAY['MEMBER_AVAILABLE', 'MEMBER_HELD'],
                     ARRAY[p_currency::text, p_currency::text], ARRAY[-v_amount, v_amount]) p;
  IF v_created THEN
    RETURN QUERY INSERT INTO "ledger_holds" ("idempotency_key", "member_id", "currency", "amount", "reference_type", "reference_id", "hold_transaction_id", "updated_at")
      VALUES (p_key, p_member_id, p_currency, v_amount, p_reference_type, p_reference_id, v_tx, now())
      RETURNING *;
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM "ledger_holds" WHERE "idempotency_key" = p_key;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'idempotency key % was already used for a different transaction', p_key USING ERRCODE = 'BL001';
  END IF;
END;
$$;

-- Settles an open hold under its row lock: captures p_capture (NULL: all that is open) into the given
-- account and returns the rest to the member's available balance, or (p_to_kind NULL) releases all of it.
-- A retry of a settlement of this hold (same key) returns the hold as it is.
CREATE FUNCTION ledger_settle_hold(
  p_hold_id bigint, p_key text, p_kind "LedgerTransactionKind", p_capture bigint,
  p_to_owner_type text, p_to_owner_id text, p_to_kind text, p_to_currency "Currency", p_metadata jsonb
) RETURNS SETOF "ledger_holds" LANGUAGE plpgsql AS $$
DECLARE
  h "ledger_holds"%ROWTYPE;
  v_open bigint;
  v_take bigint;
  v_rest bigint;
  v_ref_type text;
  v_ref_id text;
  v_types text[];
  v_ids text[];
  v_kinds text[];
  v_amounts bigint[];
BEGIN
  SELECT * INTO h FROM "ledger_holds" WHERE "id" = p_hold_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'hold % does not exist', p_hold_id USING ERRCODE = 'BL404';
  END IF;
  SELECT t."reference_type", t."reference_id" INTO v_ref_type, v_ref_id FROM "ledger_transactions" t WHERE t."idempotency_key" = p_key;
  IF FOUND THEN
    IF v_ref_type = 'hold' AND v_ref_id = h."id"::text THEN
      RETURN NEXT h;
      RETURN;
    END IF;
    RAISE EXCEPTION 'idempotency key % was already used for a different transaction', p_key USING ERRCODE = 'BL001';
  END IF;
  IF h."status" <> 'OPEN' THEN
    RAISE EXCEPTION 'hold % is already %', h."id", lower(h."status"::text) USING ERRCODE = 'BL103';
  END IF;
  v_open := h."amount" - h."captured" - h."released";
  IF p_to_kind IS NULL THEN
    v_take := 0;
  ELSE
    IF p_to_currency IS DISTINCT FROM h."currency" THEN
      RAISE EXCEPTION 'the capture destination is in another currency' USING ERRCODE = 'BL102';
    END IF;
    v_take := coalesce(p_capture, v_open);
    IF v_take <= 0 OR v_take > v_open THEN
      RAISE EXCEPTION 'a capture must be between 1 and % minor units', v_open USING ERRCODE = 'BL104';
    END IF;
  END IF;
  v_rest := v_open - v_take;
  v_types := ARRAY['MEMBER'];
  v_ids := ARRAY[h."member_id"];
  v_kinds := ARRAY['MEMBER_HELD'];
  v_amounts := ARRAY[-v_open];
  IF v_take > 0 THEN
    v_types := v_types || p_to_owner_type;
    v_ids := v_ids || p_to_owner_id;
    v_kinds := v_kinds || p_to_kind;
    v_amounts := v_amounts || v_take;
  END IF;
  IF v_rest > 0 THEN
    v_types := v_types || 'MEMBER'::text;
    v_ids := v_ids || h."member_id";
    v_kinds := v_kinds || 'MEMBER_AVAILABLE'::text;
    v_amounts := v_amounts || v_rest;
  END IF;
  PERFORM 1 FROM ledger_post(p_key, p_kind, 'hold', h."id"::text, p_metadata,
                             encode(sha256(convert_to(format('settle|%s|%s|%s', h."id", p_kind, v_take), 'UTF8')), 'hex'),
                             NULL, NULL, v_types, v_ids, v_kinds, array_fill(h."currency"::text, ARRAY[cardinality(v_types)]), v_amounts);
  RETURN QUERY UPDATE "ledger_holds"
     SET "captured" = "captured" + v_take, "released" = "released" + v_rest,
         "status" = CASE WHEN p_to_kind IS NULL THEN 'RELEASED' ELSE 'CAPTURED' END::"LedgerHoldStatus", "updated_at" = now()
   WHERE "id" = h."id"
  RETURNING *;
END;
$$;
