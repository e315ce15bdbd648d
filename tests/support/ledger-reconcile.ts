const FLAG = Symbol.for("boomerang.ledgerCorruptedOnPurpose");
const store = globalThis as unknown as Record<symbol, boolean | undefined>;

/** A test that corrupts its database's ledger on purpose (to test reconciliation) calls this to skip the final check. */
export function markLedgerCorruptedOnPurpose(): void {
  store[FLAG] = true;
}

export function ledgerCorruptedOnPurpose(): boolean {
  return store[FLAG] === true;
}
