import type { OutreachStore, PeopleStore } from '../store/store.js';
import type { UserRecord } from '../domain/person.js';
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
 * nothing kept: `VISITOR_KEEP_DAYS`) are forgotten (durably, as an erasure is). Their anonymous
 * progress events stay. The dropped rows are staged: the caller flushes.
 */
export async function sweep(
  store: OutreachStore & PeopleStore,
  now: Date,
  options: RetentionOptions,
): Promise<{ rows: number; users: number }> {
  const rowHorizon = now.getTime() - options.outboxKeepDays * DAY;
  const folded = new Map<string, { broadcast: Broadcast; archived: NonNullable<Broadcast['archived']> }>();
  let rows = 0;
  for await (const row of store.outbox()) {
    if (!FINISHED.has(row.status) || Date.parse(row.createdAt) >= rowHorizon) continue;
    let counts = row.broadcastId ? folded.get(row.broadcastId) : undefined;
    if (!counts && row.broadcastId) {
      const broadcast = await store.getBroadcast(row.broadcastId);
      if (broadcast) {
        const archived = { ...{ sent: 0, failed: 0, skipped: 0, unknown: 0 }, ...broadcast.archived };
        folded.set(row.broadcastId, (counts = { broadcast, archived }));
      }
    }
    if (counts) counts.archived[row.status as keyof typeof counts.archived]++;
    store.dropOutbox(row.id);
    rows++;
  }
  for (const { broadcast, archived } of folded.values()) store.putBroadcast({ ...broadcast, archived });

  // Each silent person is forgotten in their own turn, and only if they are still silent then.
  const silent = (user: UserRecord) => {
    const visitor = !user.session && Object.keys(user.flows).length === 0 && !user.area;
    const keepDays = visitor ? VISITOR_KEEP_DAYS : options.inactiveUserDays;
    return Date.parse(user.lastSeenAt) < now.getTime() - keepDays * DAY;
  };
  const forgetting: Promise<boolean>[] = [];
  for await (const user of store.users()) {
    if (!silent(user)) continue;
    forgetting.push(
      store.withPerson(user.key, async () => {
        const current = await store.getUser(user.key);
        if (!current || !silent(current)) return false;
        await store.forgetUser(user.key);
        return true;
      }),
    );
  }
  const users = (await Promise.all(forgetting)).filter(Boolean).length;
  return { rows, users };
}
