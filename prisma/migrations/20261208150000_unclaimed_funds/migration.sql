-- What a deleted account leaves moves to its business's unclaimed funds (docs/money-rules.md, "Deleted accounts").
-- Not in the CHECK's list of kinds allowed below zero: the database refuses a negative balance.
ALTER TYPE "LedgerAccountKind" ADD VALUE 'PROVIDER_UNCLAIMED';
