import { answerKey } from '../lib/text/normalize.js';
import type { Channel } from '../domain/messages.js';
import type { ProgressEvent } from '../domain/progress.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Days and weeks are counted in Vietnam time. */
const VIETNAM_OFFSET = 7 * HOUR;

export const dayOf = (ms: number) => Math.floor((ms + VIETNAM_OFFSET) / DAY);

/** One person's way through one flow: when they started, reached each step, finished. */
export interface PersonFlow {
  uid: string;
  flow: string;
  channel: Channel;
  startedAt: number;
  completedAt?: number;
  cancelledAt?: number;
  /** Step id → first time reached. */
  steps: Record<string, number>;
  /** Step id → last time entered: tells where someone stopped. */
  lastStep?: string;
  milestones: Record<string, number>;
}

/** Counts of one kind of event by day, area and channel. */
type Tally = Map<string, number>;

/** Distinct unanswered questions kept by default (UNANSWERED_KEEP). */
export const UNANSWERED_KEEP = 2000;

interface Unanswered {
  text: string;
  tally: Tally;
  askers: Set<string>;
  total: number;
}
const tallyKey = (day: number, area: string, channel: string) => `${day}|${area}|${channel}`;

/**
 * The progress indicators' working set, fed every event once (stats-feed.ts reads the event log
 * from where it left off), so a statistics request never re-reads the whole log. It keeps one
 * small record per person and flow, and tallies for the rest.
 */
export class StatsIndex {
  readonly personFlows = new Map<string, PersonFlow>();
  readonly areaOf = new Map<string, string>();
  /**
   * Normalised unanswered question → the text shown, its tally, and who asked (pseudonyms): a
   * question counts once per person, so one sender cannot push a text up the list. At most
   * `unansweredKeep` (up to twice that between trims) are kept: the most asked; the long tail is
   * dropped, and a dropped text asked again starts counting afresh.
   */
  readonly unanswered = new Map<string, Unanswered>();
  readonly topics = new Map<string, Tally>();
  readonly counters = new Map<string, Tally>();

  constructor(readonly unansweredKeep = UNANSWERED_KEEP) {}

  appended(events: ProgressEvent[]): void {
    for (const event of events) this.ingest(event);
  }

  ingest(event: ProgressEvent): void {
    const at = Date.parse(event.at);
    if (Number.isNaN(at)) return;
    if (event.area && event.uid) this.areaOf.set(event.uid, event.area);
    const area = event.area ?? this.areaOf.get(event.uid) ?? '';
    const key = tallyKey(dayOf(at), area, event.channel);
    switch (event.type) {
      case 'flow_started': {
        const id = `${event.uid}|${event.flow}`;
        // A restart after completing or cancelling begins a new attempt; the latest one counts.
        this.personFlows.set(id, {
          uid: event.uid,
          flow: event.flow!,
          channel: event.channel,
          startedAt: at,
          steps: {},
          milestones: {},
        });
        break;
      }
      case 'step_entered': {
        const record = this.personFlows.get(`${event.uid}|${event.flow}`);
        if (!record || !event.step) break;
        record.steps[event.step] ??= at;
        record.lastStep = event.step;
        break;
      }
      case 'milestone': {
        const record = this.personFlows.get(`${event.uid}|${event.flow}`);
        if (record && event.milestone) record.milestones[event.milestone] ??= at;
        break;
      }
      case 'flow_completed': {
        const record = this.personFlows.get(`${event.uid}|${event.flow}`);
        if (record) record.completedAt ??= at;
        break;
      }
      case 'flow_cancelled': {
        const record = this.personFlows.get(`${event.uid}|${event.flow}`);
        if (record && record.completedAt === undefined) record.cancelledAt = at;
        break;
      }
      case 'kb_unmatched': {
        if (!event.text) break;
        const norm = answerKey(event.text) || event.text;
        let entry = this.unanswered.get(norm);
        if (!entry)
          this.unanswered.set(norm, (entry = { text: event.text, tally: new Map(), askers: new Set(), total: 0 }));
        if (event.uid && entry.askers.has(event.uid)) break;
        if (event.uid) entry.askers.add(event.uid);
        entry.tally.set(key, (entry.tally.get(key) ?? 0) + 1);
        entry.total++;
        if (this.unanswered.size > 2 * this.unansweredKeep) this.trimUnanswered();
        break;
      }
      case 'kb_answered': {
        if (!event.topic) break;
        let tally = this.topics.get(event.topic);
        if (!tally) this.topics.set(event.topic, (tally = new Map()));
        tally.set(key, (tally.get(key) ?? 0) + 1);
        break;
      }
      default:
        break;
    }
    if (!COUNTED.has(event.type)) return;
    let counter = this.counters.get(event.type);
    if (!counter) this.counters.set(event.type, (counter = new Map()));
    counter.set(key, (counter.get(key) ?? 0) + 1);
  }

  /** Keeps the most asked; trimming only at twice the size makes the cost per question small. */
  private trimUnanswered(): void {
    const kept = [...this.unanswered].sort((a, b) => b[1].total - a[1].total).slice(0, this.unansweredKeep);
    this.unanswered.clear();
    for (const [norm, entry] of kept) this.unanswered.set(norm, entry);
  }

  /** The whole index as plain data, to be saved beside the event log it was built from. */
  toJSON(): IndexSnapshot {
    const tallies = (m: Map<string, Tally>) => Object.fromEntries([...m].map(([k, t]) => [k, Object.fromEntries(t)]));
    return {
      personFlows: [...this.personFlows.values()],
      areaOf: Object.fromEntries(this.areaOf),
      unanswered: Object.fromEntries(
        [...this.unanswered].map(([k, u]) => [
          k,
          { text: u.text, tally: Object.fromEntries(u.tally), askers: [...u.askers] },
        ]),
      ),
      topics: tallies(this.topics),
      counters: tallies(this.counters),
    };
  }

  static fromJSON(data: IndexSnapshot, unansweredKeep = UNANSWERED_KEEP): StatsIndex {
    const index = new StatsIndex(unansweredKeep);
    const tallies = (o: Record<string, Record<string, number>>) =>
      new Map(Object.entries(o).map(([k, t]) => [k, new Map(Object.entries(t))]));
    for (const p of data.personFlows) index.personFlows.set(`${p.uid}|${p.flow}`, p);
    for (const [uid, area] of Object.entries(data.areaOf)) index.areaOf.set(uid, area);
    for (const [k, u] of Object.entries(data.unanswered)) {
      const tally = new Map(Object.entries(u.tally));
      index.unanswered.set(k, {
        text: u.text,
        tally,
        askers: new Set(u.askers ?? []),
        total: [...tally.values()].reduce((a, b) => a + b, 0),
      });
    }
    for (const [k, t] of tallies(data.topics)) index.topics.set(k, t);
    for (const [k, t] of tallies(data.counters)) index.counters.set(k, t);
    return index;
  }
}

/** Event types whose counts the report shows (the rest live in per-person records). */
const COUNTED = new Set<string>([
  'reminder_sent',
  'reminder_failed',
  'reminder_skipped',
  'opted_out',
  'opted_in',
  'kb_answered',
  'kb_unmatched',
  'data_deleted',
]);

export interface IndexSnapshot {
  personFlows: PersonFlow[];
  areaOf: Record<string, string>;
  unanswered: Record<string, { text: string; tally: Record<string, number>; askers?: string[] }>;
  topics: Record<string, Record<string, number>>;
  counters: Record<string, Record<string, number>>;
}

/** Which tallies a filter keeps. */
export interface TallyFilter {
  fromDay?: number;
  toDay?: number;
  areas?: Set<string>;
  channel?: string;
}

export function sumTally(tally: Tally | undefined, filter: TallyFilter): number {
  if (!tally) return 0;
  let sum = 0;
  for (const [key, count] of tally) {
    const [day, area, channel] = key.split('|') as [string, string, string];
    const d = Number(day);
    if (filter.fromDay !== undefined && d < filter.fromDay) continue;
    if (filter.toDay !== undefined && d > filter.toDay) continue;
    if (filter.areas && !filter.areas.has(area)) continue;
    if (filter.channel && channel !== filter.channel) continue;
    sum += count;
  }
  return sum;
}
