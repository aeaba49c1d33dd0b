import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';

export interface InstanceOptions {
  /** How often this instance says it is alive. */
  heartbeatMs?: number;
  /** An instance silent this long is gone: what it claimed or had in flight is its leftovers. */
  goneAfterMs?: number;
  /** Hears a heartbeat that failed (the next one tries again). */
  onError?: (error: unknown) => void;
}

/** Delivery ids are remembered this long (the file store's SEEN_KEEP_MS). */
const SEEN_KEEP = '24 hours';

/**
 * This process among the instances sharing the database: a row (with its host and pid, for the
 * operator) and a heartbeat kept by the database's clock, so no two machines' clocks are compared. The SQL condition `aliveSql(col)`
 * says whether the instance named in a column is still running.
 */
export class Instance {
  readonly id = randomUUID();
  readonly goneAfterMs: number;
  private readonly heartbeatMs: number;
  private timer: NodeJS.Timeout | undefined;
  private beats = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: InstanceOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.goneAfterMs = options.goneAfterMs ?? Math.max(30_000, this.heartbeatMs * 3);
  }

  /** `col` names an instance that has beaten within goneAfterMs. `$param` holds goneAfterMs. */
  static aliveSql(col: string, param: string): string {
    return `EXISTS (SELECT 1 FROM instances i WHERE i.id = ${col} AND i.heartbeat_at > now() - ${param} * interval '1 millisecond')`;
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((e) => this.options.onError?.(e)), this.heartbeatMs);
    this.timer.unref();
  }

  /** Also forgets delivery ids past their day and spent rate counters, about once a minute. */
  private async beat(): Promise<void> {
    await this.pool.query(
      `INSERT INTO instances (id, host, pid) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
      [this.id, hostname(), process.pid],
    );
    if (this.beats++ % Math.max(1, Math.round(60_000 / this.heartbeatMs)) === 0) {
      await this.pool.query(`DELETE FROM seen WHERE at < now() - interval '${SEEN_KEEP}'`);
      await this.pool.query('DELETE FROM rate_limits WHERE reset_at < now()');
      await this.pool.query(
        `DELETE FROM instances WHERE heartbeat_at < now() - interval '1 day'`, // long gone: nothing refers to them
      );
    }
  }

  /** A graceful stop: the others need not wait for the heartbeat to run out. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.pool.query('DELETE FROM instances WHERE id = $1', [this.id]);
  }
}
