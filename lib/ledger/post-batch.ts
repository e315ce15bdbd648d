import type { Sql } from "@/lib/db/unit-of-work";
import { translateLedgerError } from "./errors";
import { ledgerPostCall } from "./post";
import type { PostInput, Posted } from "./types";

// Every account of the batch (in its shard, as ledger_post will choose it) is resolved (created if new) in one canonical order and then locked in id
// order before anything is posted, so batches that share accounts (two workers releasing rewards of the
// same members) wait for each other instead of deadlocking; each ledger_post then finds its locks held.
const BATCH_SQL = `
  WITH acc AS (
    SELECT ledger_account_id(u.ot::"LedgerOwnerType", u.oi, u.k::"LedgerAccountKind", u.c::"Currency", u.shard) AS id
      FROM (SELECT DISTINCT e.ot, e.oi, e.k, e.c, ledger_shard(e.k, ledger_member_of(x.types, x.ids)) AS shard
              FROM jsonb_array_elements($1::jsonb) AS t(x),
                   LATERAL (SELECT ARRAY(SELECT jsonb_array_elements_text(t.x->'ownerTypes')) AS types, ARRAY(SELECT jsonb_array_elements_text(t.x->'ownerIds')) AS ids,
                                   ARRAY(SELECT jsonb_array_elements_text(t.x->'kinds')) AS kinds, ARRAY(SELECT jsonb_array_elements_text(t.x->'currencies')) AS currencies) AS x,
                   LATERAL unnest(x.types, x.ids, x.kinds, x.currencies) AS e(ot, oi, k, c)
             ORDER BY 1, 2, 3, 4, 5) u
  ), locked AS (
    SELECT count(*) AS n FROM (SELECT a.id FROM ledger_accounts a WHERE a.id IN (SELECT id FROM acc) ORDER BY a.id FOR UPDATE) l
  )
  SELECT t.ord::int AS ord, p.transaction_id::text, p.created
    FROM locked, jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(x, ord),
         LATERAL ledger_post(t.x->>'key', (t.x->>'kind')::"LedgerTransactionKind", t.x->>'refType', t.x->>'refId', t.x->'metadata', t.x->>'hash',
                             NULL::bigint, NULL::timestamptz,
                             ARRAY(SELECT jsonb_array_elements_text(t.x->'ownerTypes')), ARRAY(SELECT jsonb_array_elements_text(t.x->'ownerIds')),
                             ARRAY(SELECT jsonb_array_elements_text(t.x->'kinds')), ARRAY(SELECT jsonb_array_elements_text(t.x->'currencies')),
                             ARRAY(SELECT jsonb_array_elements_text(t.x->'amounts')::bigint)) AS p
   ORDER BY t.ord`;

/**
 * Posts many transactions in one statement of the caller's unit of work, each exactly as `post` would
 * (validated, idempotent on its key), with every account locked up front in one global order. Returns
 * the postings in the order given.
 */
export async function postBatchWith(sql: Sql, inputs: PostInput[]): Promise<Posted[]> {
  if (inputs.length === 0) return [];
  const calls = inputs.map((input) => ledgerPostCall(input));
  const batch = inputs.map((input, i) => {
    const params = calls[i]!.params;
    return {
      key: input.idempotencyKey,
      kind: input.kind,
      refType: input.reference?.type ?? null,
      refId: input.reference?.id ?? null,
      metadata: input.metadata ?? {},
      hash: params[5],
      ownerTypes: input.entries.map((e) => e.account.ownerType),
      ownerIds: input.entries.map((e) => e.account.ownerId),
      kinds: input.entries.map((e) => e.account.kind),
      currencies: input.entries.map((e) => e.account.currency),
      amounts: input.entries.map((e) => e.amount.toString()),
    };
  });
  if (inputs.some((input) => input.effectiveAt)) throw new Error("postBatchWith: effectiveAt is not supported in a batch");
  try {
    const rows = await sql.query<{ ord: number; transaction_id: string; created: boolean }>(BATCH_SQL, [JSON.stringify(batch)]);
    return rows.map((row) => ({ transactionId: BigInt(row.transaction_id), created: row.created }));
  } catch (error) {
    translateLedgerError(error);
  }
}
