import type pg from 'pg';
import type { Channel } from '../../domain/messages.js';
import type { OutboxRow } from '../../domain/outreach.js';
import { Instance } from './instance.js';

/**
 * A claim by a live instance is honoured this long at most: it claims one round at a time and
 * writes each row back (sending, then its outcome) well within it. A dead instance's claims lapse
 * as soon as its heartbeat runs out.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

const byAge = (a: OutboxRow, b: OutboxRow) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Pending rows due by `now`, claimed for `me`: rows no one holds, rows this instance holds, and
 * rows of a claim that lapsed. FOR UPDATE SKIP LOCKED lets two instances claim at once without
 * waiting for each other or taking the same row.
 */
export async function claimDue(
  pool: pg.Pool,
  me: Instance,
  now: Date,
  limit: number,
  leaseMs = CLAIM_LEASE_MS,
): Promise<OutboxRow[]> {
  const { rows } = await pool.query<{ value: OutboxRow }>(
    `UPDATE outbox o SET claimed_by = $1, claimed_at = now()
       FROM (SELECT id FROM outbox
              WHERE status = 'pending' AND not_before <= $2
                AND (claimed_by IS NULL OR claimed_by = $1
                     OR claimed_at < now() - $4 * interval '1 millisecond'
                     OR NOT ${Instance.aliveSql('outbox.claimed_by', '$5')})
              ORDER BY value->>'createdAt', id
              LIMIT $3
              FOR UPDATE SKIP LOCKED) due
      WHERE o.id = due.id
      RETURNING o.value`,
    [me.id, now.toISOString(), limit, leaseMs, me.goneAfterMs],
  );
  return rows.map((r) => r.value).sort(byAge);
}

/** Rows `sending` whose instance is gone (or that no instance holds): they count as `unknown`. */
export async function strandedSending(pool: pg.Pool, me: Instance): Promise<OutboxRow[]> {
  const { rows } = await pool.query<{ value: OutboxRow }>(
    `SELECT value FROM outbox
      WHERE status = 'sending' AND claimed_by IS DISTINCT FROM $1
        AND (claimed_by IS NULL OR NOT ${Instance.aliveSql('outbox.claimed_by', '$2')})`,
    [me.id, me.goneAfterMs],
  );
  return rows.map((r) => r.value).sort(byAge);
}

/** When the earliest pending row of each channel falls due. */
export async function nextDue(pool: pg.Pool): Promise<Map<Channel, Date>> {
  const { rows } = await pool.query<{ channel: Channel; at: Date }>(
    `SELECT value->>'channel' AS channel, min(not_before) AS at FROM outbox WHERE status = 'pending' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.channel, new Date(r.at)]));
}
