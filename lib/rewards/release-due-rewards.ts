import { db as rootDb, type Db } from "@/lib/db/client";
import { SYSTEM } from "./actor";
import { releaseLocked } from "./approve-reward";
import { REWARD_ROW } from "./postings";

/**
 * Makes every pending reward whose hold period has ended available, in batches. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several workers can run this at once without doing anything twice.
 */
export async function releaseDueRewards(opts: { now?: Date; batchSize?: number; db?: Db } = {}): Promise<{ released: number }> {
  const db = opts.db ?? rootDb;
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 200;
  let released = 0;
  for (;;) {
    const n = await db.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM rewards WHERE status = 'PENDING' AND available_at <= ${now}
         ORDER BY available_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
      for (const { id } of due) {
        const reward = await tx.reward.findUniqueOrThrow({ where: { id }, select: REWARD_ROW });
        await releaseLocked(tx, reward, { actor: SYSTEM, reason: "hold period ended" });
      }
      return due.length;
    }, { timeout: 60_000, maxWait: 10_000 });
    released += n;
    if (n < batchSize) return { released };
  }
}
