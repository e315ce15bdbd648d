import { afterAll, describe, expect, it } from "vitest";
import { createActionBuilders } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { stopJobSender } from "@/lib/jobs/request-job";
import { RECONCILE_LEDGER, SCHEDULES } from "@/lib/jobs/schedules";
import { startWorker, type RunningWorker } from "@/lib/jobs/start-worker";
import { until } from "@/tests/support/jobs";
import { aFundedMember, aSpendingProgram } from "@/tests/support/redemption-api";
import { createAdminActions } from "./admin-actions";

const ADMIN_ID = "00000000-0000-4000-8000-0000000000ad";
let worker: RunningWorker | undefined;
afterAll(async () => {
  await stopJobSender();
  await worker?.stop();
});

describe("reconcile from the console", () => {
  it("queues the ledger.reconcile job, which the worker runs and keeps; the request is audited with its reason", async () => {
    const shop = await aSpendingProgram();
    await aFundedMember(shop.programId, 2_500n);
    worker = await startWorker({ pollingIntervalSeconds: 0.5, log: () => {}, schedules: SCHEDULES.filter((j) => j.name === RECONCILE_LEDGER) });
    const admin = createAdminActions(createActionBuilders(async () => ({ id: ADMIN_ID, email: "admin@example.test", name: null, roles: { admin: true, staff: [] } })));

    expect(await admin.requestReconciliation({ reason: "" })).toMatchObject({ ok: false, error: { field: "reason" } });
    const requested = await admin.requestReconciliation({ reason: "Checking after the incident" });
    expect(requested).toMatchObject({ ok: true });

    const run = await until("the reconciliation to be kept", () => db.ledgerReconciliation.findFirst({ orderBy: { id: "desc" } }));
    expect(run).toMatchObject({ ok: true, discrepancies: [] });
    expect(run.entries).toBeGreaterThanOrEqual(2);
    expect(await db.auditLog.findFirst({ where: { action: "ledger.reconcile.request" } })).toMatchObject({ actorType: "USER", actorId: ADMIN_ID, reason: "Checking after the incident", providerId: null });
  });
});
