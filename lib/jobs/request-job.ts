import "server-only";
import type PgBoss from "pg-boss";
import { createBoss } from "./boss";
import { SCHEDULES } from "./schedules";

// The app's own sender: no supervision or cron here (the worker does both), only `send`.
let sender: Promise<PgBoss> | undefined;

function boss(): Promise<PgBoss> {
  sender ??= (async () => {
    const b = createBoss({ sendOnly: true });
    await b.start();
    return b;
  })().catch((error: unknown) => {
    sender = undefined;
    throw error;
  });
  return sender;
}

/**
 * Asks the worker to run one of the scheduled jobs now (e.g. the ledger reconciliation from the admin console).
 * The job's queue lets one run wait at a time: asking while one is already waiting returns `queued: false`.
 */
export async function requestJob(name: string, data: object = {}): Promise<{ jobId: string | null; queued: boolean }> {
  if (!SCHEDULES.some((job) => job.name === name)) throw new Error(`no such job: ${name}`);
  const jobId = await (await boss()).send(name, data);
  return { jobId, queued: jobId !== null };
}

/** Closes the sender's connections (tests, shutdown). */
export async function stopJobSender(): Promise<void> {
  const current = sender;
  sender = undefined;
  if (current) await (await current).stop({ graceful: false, wait: true });
}
