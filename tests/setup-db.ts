import { afterAll, inject } from "vitest";
import { createTestDatabase, dropTestDatabase } from "./support/databases";
import { ledgerCorruptedOnPurpose } from "./support/ledger-reconcile";

// Runs in every test file before it is imported: give the file its own database — a clone of the migrated
// template on the PostgreSQL server, or a fresh in-memory embedded database when there is no server.
const serverUrl = inject("testServerUrl");
const name = `boomerang_t_${inject("runId")}_${Math.random().toString(36).slice(2, 10)}`;
let cleanup: () => Promise<void>;
if (serverUrl === "embedded") {
  const { startEmbeddedServer } = await import("@/dev/embedded-db");
  const { migrateDeploy } = await import("../scripts/db-lib");
  const embedded = await startEmbeddedServer({});
  await migrateDeploy(embedded.url);
  process.env.DATABASE_URL = embedded.url;
  cleanup = embedded.stop;
} else {
  process.env.DATABASE_URL = await createTestDatabase(serverUrl, inject("templateDatabase"), name);
  cleanup = () => dropTestDatabase(serverUrl, name);
}

afterAll(async () => {
  const { db, disconnectDb } = await import("@/lib/db/client");
  try {
    // Whatever a test file did, the ledger it leaves behind must reconcile.
    if (!ledgerCorruptedOnPurpose()) {
      const { reconcile } = await import("@/lib/ledger/reconcile");
      const result = await reconcile(db);
      if (!result.ok) throw new Error(`ledger does not reconcile after this test file: ${JSON.stringify(result.discrepancies)}`);
    }
  } finally {
    await disconnectDb();
    await cleanup();
  }
});
