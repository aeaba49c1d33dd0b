const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** Quiet hours in Vietnam time, e.g. "21:00-07:00"; empty turns them off. */
export class QuietHours {
  private readonly start?: number;
  private readonly end?: number;

  constructor(spec: string) {
    const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(spec.trim());
    if (!spec.trim()) return;
    if (!match) throw new Error(`QUIET_HOURS: "${spec}" is not like 21:00-07:00`);
    const [, h1, m1, h2, m2] = match.map(Number) as number[];
    this.start = h1! * 60 + m1!;
    this.end = h2! * 60 + m2!;
  }

  private minuteOfDay(at: Date): number {
    const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
    return local.getUTCHours() * 60 + local.getUTCMinutes();
  }

  isQuiet(at: Date): boolean {
    if (this.start === undefined || this.end === undefined) return false;
    const m = this.minuteOfDay(at);
    return this.start <= this.end ? m >= this.start && m < this.end : m >= this.start || m < this.end;
  }

  /** When the quiet period that contains `at` ends. */
  endOf(at: Date): Date {
    if (!this.isQuiet(at) || this.end === undefined) return at;
    const m = this.minuteOfDay(at);
    const wait = (this.end - m + 24 * 60) % (24 * 60);
    const end = new Date(at.getTime() + wait * 60_000);
    end.setUTCSeconds(0, 0);
    return end;
  }
}
