import type { Store } from '../store/store.js';
import type { Broadcast, OutboxStatus } from '../domain/outreach.js';

const DAY = 86_400_000;
/** People who never started a flow or gave an area leave nothing worth keeping: a shorter period. */
export const VISITOR_KEEP_DAYS = 30;
const FINISHED = new Set<OutboxStatus>(['sent', 'failed', 'skipped', 'unknown']);

export interface RetentionOptions {
  outboxKeepDays: number;
  inactiveUserDays: number;
}

/**
 * Bounded retention: finished outbox rows older than `outboxKeepDays` are dropped (their
 * broadcast keeps the counts), and records of people silent for `inactiveUserDays` (visitors with
 * nothing kept: `VISITOR_KEEP_DAYS`) are forgotten. Their anonymous progress events stay.
 */
export function sweep(store: Store, now: Date, options: RetentionOptions): { rows: number; users: number } {
  const rowHorizon = now.getTime() - options.outboxKeepDays * DAY;
  const folded = new Map<string, NonNullable<Broadcast['archived']>>();
  let rows = 0;
  for (const row of [...store.allOutbox()]) {
    if (!FINISHED.has(row.status) || Date.parse(row.createdAt) >= rowHorizon) continue;
    if (row.broadcastId && store.getBroadcast(row.broadcastId)) {
      let counts = folded.get(row.broadcastId);
      if (!counts)
        folded.set(
          row.broadcastId,
          (counts = {
            ...{ sent: 0, failed: 0, skipped: 0, unknown: 0 },
            ...store.getBroadcast(row.broadcastId)!.archived,
          }),
        );
      counts[row.status as keyof typeof counts]++;
    }
    store.dropOutbox(row.id);
    rows++;
  }
  for (const [id, archived] of folded) store.putBroadcast({ ...store.getBroadcast(id)!, archived });

  let users = 0;
  for (const user of [...store.allUsers()]) {
    const visitor = !user.session && Object.keys(user.flows).length === 0 && !user.area;
    const keepDays = visitor ? VISITOR_KEEP_DAYS : options.inactiveUserDays;
    if (Date.parse(user.lastSeenAt) >= now.getTime() - keepDays * DAY) continue;
    store.deleteUser(user.key);
    users++;
  }
  return { rows, users };
}
