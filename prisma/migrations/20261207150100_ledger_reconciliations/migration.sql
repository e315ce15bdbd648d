-- CreateTable
CREATE TABLE "ledger_reconciliations" (
    "id" BIGSERIAL NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "transactions" INTEGER NOT NULL,
    "entries" INTEGER NOT NULL,
    "accounts" INTEGER NOT NULL,
    "discrepancies" JSONB NOT NULL DEFAULT '[]',
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_reconciliations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ledger_reconciliations_checked_at_idx" ON "ledger_reconciliations"("checked_at" DESC);
