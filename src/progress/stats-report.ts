import type { AreaList } from '../content/areas.js';
import { redact } from '../lib/redact.js';
import type { CompiledFlow, FlowBook } from '../flows/flow-book.js';
import { dayOf, sumTally, type PersonFlow, type StatsIndex, type TallyFilter } from './stats-index.js';
import { isoWeek, weekRange } from './weeks.js';

export interface StatsFilter {
  from?: Date;
  to?: Date;
  /** Only these areas (a team token's scope, or the `area` parameter). */
  areas?: Set<string>;
  channel?: string;
}

export interface FunnelStep {
  step: string;
  /** The step's Vietnamese title from its flow. */
  title: string;
  reached: number;
  /** People who reached the previous main-path step but not this one. */
  dropOff?: number;
}

export interface FlowStats {
  id: string;
  title: string;
  started: number;
  completed: number;
  completionRate: number;
  cancelled: number;
  inProgress: number;
  medianMinutesToComplete: number | null;
  funnel: FunnelStep[];
  /** The step where most people who have not finished (in progress or cancelled) stopped. */
  mostStoppedAt: { step: string; title: string; people: number } | null;
  milestones: { milestone: string; reached: number }[];
}

export interface StatsReport {
  period: { from: string | null; to: string | null };
  filter: { areas: string[] | null; channel: string | null };
  totals: { started: number; completed: number; completionRate: number };
  flows: FlowStats[];
  areas: {
    id: string;
    name: string;
    started: number;
    completed: number;
    completionRate: number;
    adults: number | null;
    flows: { id: string; started: number; completed: number; coverage: number | null }[];
  }[];
  /** Monday to Sunday, Vietnam time: `from`/`to` as ISO dates, `label` like "24/11–30/11". */
  weeks: { week: string; from: string; to: string; label: string; started: number; completed: number }[];
  unanswered: { text: string; count: number }[];
  topics: { topic: string; count: number }[];
  reminders: { sent: number; failed: number; skipped: number; optedOut: number; optedIn: number };
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A step's title from its flow; a step without one is named by the start of its first message. */
function stepTitle(flow: CompiledFlow | undefined, step: string): string {
  const found = flow?.steps.get(step);
  if (!found) return step;
  if (found.title) return found.title;
  const first = found.messages[0]!.split('\n')[0]!;
  return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}

function flowStats(id: string, title: string, cohort: PersonFlow[], book: FlowBook, to: number): FlowStats {
  const completed = cohort.filter((p) => p.completedAt !== undefined && p.completedAt <= to);
  const cancelled = cohort.filter((p) => p.completedAt === undefined && p.cancelledAt !== undefined);
  const flow = book.get(id);
  const mainPath = flow
    ? [...flow.steps.values()]
        .filter((s) => s.position || s.end === 'completed')
        .sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9))
    : [];
  const reachedBy = new Map<string, number>();
  for (const p of cohort) for (const step of Object.keys(p.steps)) reachedBy.set(step, (reachedBy.get(step) ?? 0) + 1);
  const funnel: FunnelStep[] = mainPath.map((s, i) => {
    const reached = reachedBy.get(s.id) ?? 0;
    const previous = i > 0 ? (reachedBy.get(mainPath[i - 1]!.id) ?? 0) : undefined;
    return {
      step: s.id,
      title: stepTitle(flow, s.id),
      reached,
      ...(previous !== undefined ? { dropOff: Math.max(0, previous - reached) } : {}),
    };
  });
  const onMain = new Set(mainPath.map((s) => s.id));
  for (const [step, reached] of [...reachedBy].sort((a, b) => b[1] - a[1]))
    if (!onMain.has(step)) funnel.push({ step, title: stepTitle(flow, step), reached });

  const stops = new Map<string, number>();
  for (const p of cohort)
    if (p.completedAt === undefined && p.lastStep) stops.set(p.lastStep, (stops.get(p.lastStep) ?? 0) + 1);
  const [worst] = [...stops].sort((a, b) => b[1] - a[1]);
  const milestones = new Map<string, number>();
  for (const p of cohort) for (const m of Object.keys(p.milestones)) milestones.set(m, (milestones.get(m) ?? 0) + 1);

  return {
    id,
    title,
    started: cohort.length,
    completed: completed.length,
    completionRate: rate(completed.length, cohort.length),
    cancelled: cancelled.length,
    inProgress: cohort.length - completed.length - cancelled.length,
    medianMinutesToComplete: ((m) => (m === null ? null : Math.round(m / 60_000)))(
      median(completed.map((p) => p.completedAt! - p.startedAt)),
    ),
    funnel,
    mostStoppedAt: worst ? { step: worst[0], title: stepTitle(flow, worst[0]), people: worst[1] } : null,
    milestones: [...milestones].map(([milestone, reached]) => ({ milestone, reached })),
  };
}

/** The indicators for a period, area set and channel, computed from the index. */
export function buildReport(index: StatsIndex, book: FlowBook, areas: AreaList, filter: StatsFilter): StatsReport {
  const from = filter.from?.getTime() ?? -Infinity;
  const to = filter.to?.getTime() ?? Infinity;
  const tallyFilter: TallyFilter = {
    ...(filter.from ? { fromDay: dayOf(from) } : {}),
    ...(filter.to ? { toDay: dayOf(to) } : {}),
    ...(filter.areas ? { areas: filter.areas } : {}),
    ...(filter.channel ? { channel: filter.channel } : {}),
  };

  const cohort: PersonFlow[] = [];
  for (const p of index.personFlows.values()) {
    if (p.startedAt < from || p.startedAt > to) continue;
    if (filter.channel && p.channel !== filter.channel) continue;
    if (filter.areas && !filter.areas.has(index.areaOf.get(p.uid) ?? '')) continue;
    cohort.push(p);
  }
  const byFlow = new Map<string, PersonFlow[]>();
  for (const p of cohort) {
    let list = byFlow.get(p.flow);
    if (!list) byFlow.set(p.flow, (list = []));
    list.push(p);
  }
  const flows = book.all().map((f) => flowStats(f.id, f.title, byFlow.get(f.id) ?? [], book, to));

  const byArea = new Map<string, PersonFlow[]>();
  for (const p of cohort) {
    const area = index.areaOf.get(p.uid);
    if (!area) continue;
    let list = byArea.get(area);
    if (!list) byArea.set(area, (list = []));
    list.push(p);
  }
  const areaRows = areas
    .all()
    .filter((a) => !filter.areas || filter.areas.has(a.id))
    .map((a) => {
      const people = byArea.get(a.id) ?? [];
      const done = people.filter((p) => p.completedAt !== undefined && p.completedAt <= to).length;
      return {
        id: a.id,
        name: a.name,
        started: people.length,
        completed: done,
        completionRate: rate(done, people.length),
        adults: a.adults ?? null,
        flows: book.all().map((f) => {
          const inFlow = people.filter((p) => p.flow === f.id);
          const completedInFlow = inFlow.filter((p) => p.completedAt !== undefined && p.completedAt <= to).length;
          return {
            id: f.id,
            started: inFlow.length,
            completed: completedInFlow,
            coverage: a.adults ? rate(completedInFlow, a.adults) : null,
          };
        }),
      };
    });

  const weeks = new Map<string, ReturnType<typeof weekRange> & { started: number; completed: number }>();
  const week = (ms: number) => {
    const day = dayOf(ms);
    const w = isoWeek(day);
    let row = weeks.get(w);
    if (!row) weeks.set(w, (row = { ...weekRange(day), started: 0, completed: 0 }));
    return row;
  };
  for (const p of cohort) {
    week(p.startedAt).started++;
    if (p.completedAt !== undefined && p.completedAt <= to) week(p.completedAt).completed++;
  }

  // The index keeps a bounded list (the most asked), so this is cheap; only the top is redacted again.
  const unanswered = [...index.unanswered.values()]
    .map((u) => ({ text: u.text, count: sumTally(u.tally, tallyFilter) }))
    .filter((u) => u.count > 0)
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .slice(0, 50)
    .map((u) => ({ ...u, text: redact(u.text) }));
  const topics = [...index.topics]
    .map(([topic, tally]) => ({ topic, count: sumTally(tally, tallyFilter) }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 50);
  const count = (type: string) => sumTally(index.counters.get(type), tallyFilter);
  const completedTotal = flows.reduce((s, f) => s + f.completed, 0);

  return {
    period: { from: filter.from?.toISOString() ?? null, to: filter.to?.toISOString() ?? null },
    filter: { areas: filter.areas ? [...filter.areas] : null, channel: filter.channel ?? null },
    totals: { started: cohort.length, completed: completedTotal, completionRate: rate(completedTotal, cohort.length) },
    flows,
    areas: areaRows,
    weeks: [...weeks].sort((a, b) => a[0].localeCompare(b[0])).map(([w, row]) => ({ week: w, ...row })),
    unanswered,
    topics,
    reminders: {
      sent: count('reminder_sent'),
      failed: count('reminder_failed'),
      skipped: count('reminder_skipped'),
      optedOut: count('opted_out'),
      optedIn: count('opted_in'),
    },
  };
}
