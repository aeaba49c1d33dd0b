import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { INSTANCE_LOCK_CLASS } from './locks.js';

export interface InstanceOptions {
  /** Hears the instance's own connection failing (its claims are then free for the others). */
  onError?: (error: unknown) => void;
  /** How often spent delivery ids and rate counters are cleared. */
  sweepMs?: number;
}

/** Delivery ids are remembered this long (the file store's SEEN_KEEP_MS). */
const SEEN_KEEP = '24 hours';

/**
 * This process among the instances sharing the database. It holds an advisory lock on its id on
 * a connection of its own for as long as it runs: the database itself says whether an instance
 * is alive (`aliveSql`). A killed process's connection closes and the lock goes with it, while a
 * live instance that is merely slow (a busy machine, a long pause) keeps its claims, so its work
 * is never taken over while it may still do it. A row in `instances` names its host and pid for
 * the operator.
 */
export class Instance {
  private current = randomUUID();
  private own: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly options: InstanceOptions = {},
  ) {}

  /** This instance's id; a new one after its own connection was lost (the old claims are then free). */
  get id(): string {
    return this.current;
  }

  /** SQL: the instance named by `col` is running (holds its lock in this database). */
  static aliveSql(col: string): string {
    return `EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = ${INSTANCE_LOCK_CLASS}
      AND l.objid = hashtext(${col})::oid AND l.objsubid = 2 AND l.granted
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;
  }

  async start(): Promise<void> {
    await this.join();
    await this.sweep();
    const every = this.options.sweepMs ?? 60_000;
    this.timer = setInterval(() => void this.sweep().catch((e) => this.options.onError?.(e)), every);
    this.timer.unref();
  }

  private async join(): Promise<void> {
    const own = new pg.Client({ connectionString: this.url, application_name: 'tro-ly-cong-dan-so instance' });
    own.on('error', (error) => {
      this.options.onError?.(error);
      void this.rejoin(own);
    });
    await own.connect();
    await own.query('SELECT pg_advisory_lock($1, hashtext($2))', [INSTANCE_LOCK_CLASS, this.current]);
    await this.pool.query('INSERT INTO instances (id, host, pid) VALUES ($1, $2, $3)', [
      this.current,
      hostname(),
      process.pid,
    ]);
    this.own = own;
  }

  /**
   * The connection holding the lock is gone, so the others may already have taken this instance's
   * claims: it carries on under a new id, and never writes `sending` on a claim it lost (store_flush
   * refuses that).
   */
  private async rejoin(lost: pg.Client): Promise<void> {
    if (this.own !== lost || this.stopped) return;
    this.own = undefined;
    void lost.end().catch(() => undefined);
    this.current = randomUUID();
    while (!this.stopped && !this.own) {
      try {
        await this.join();
      } catch (error) {
        this.options.onError?.(error);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** Forgets delivery ids past their day, spent rate counters, and the rows of stopped instances. */
  private async sweep(): Promise<void> {
    await this.pool.query(`DELETE FROM seen WHERE at < now() - interval '${SEEN_KEEP}'`);
    await this.pool.query('DELETE FROM rate_limits WHERE reset_at < now()');
    await this.pool.query(`DELETE FROM instances WHERE NOT ${Instance.aliveSql('instances.id')}`);
  }

  /** A graceful stop: the lock goes at once, so the others take over without waiting. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.pool.query('DELETE FROM instances WHERE id = $1', [this.current]);
    await this.own?.end();
  }
}
