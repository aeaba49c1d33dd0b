import type pg from 'pg';
import type { Channel } from '../../domain/messages.js';
import type { OutboxRow } from '../../domain/outreach.js';
import { Instance } from './instance.js';

const byAge = (a: OutboxRow, b: OutboxRow) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Pending rows due by `now`, claimed for `me`: rows no one holds, rows this instance holds, and
 * rows held by an instance that is no longer running. A live instance keeps its claims however
 * slow it is. FOR UPDATE SKIP LOCKED lets two instances claim at once without waiting for each
 * other or taking the same row.
 */
export async function claimDue(pool: pg.Pool, me: Instance, now: Date, limit: number): Promise<OutboxRow[]> {
  const { rows } = await pool.query<{ value: OutboxRow }>(
    `UPDATE outbox o SET claimed_by = $1, claimed_at = now()
       FROM (SELECT id FROM outbox
              WHERE status = 'pending' AND not_before <= $2
                AND (claimed_by IS NULL OR claimed_by = $1 OR NOT ${Instance.aliveSql('outbox.claimed_by')})
              ORDER BY value->>'createdAt', id
              LIMIT $3
              FOR UPDATE SKIP LOCKED) due
      WHERE o.id = due.id
      RETURNING o.value`,
    [me.id, now.toISOString(), limit],
  );
  return rows.map((r) => r.value).sort(byAge);
}

/** Rows `sending` whose instance is not running (or that no instance holds): they count as `unknown`. */
export async function strandedSending(pool: pg.Pool, me: Instance): Promise<OutboxRow[]> {
  const { rows } = await pool.query<{ value: OutboxRow }>(
    `SELECT value FROM outbox
      WHERE status = 'sending' AND claimed_by IS DISTINCT FROM $1
        AND (claimed_by IS NULL OR NOT ${Instance.aliveSql('outbox.claimed_by')})`,
    [me.id],
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
