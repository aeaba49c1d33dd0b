import { describe, expect, it } from 'vitest';
import { AreaList } from '../src/content/areas.js';
import { loadContent } from '../src/content/load.js';
import { FlowBook } from '../src/flows/flow-book.js';
import { reportCsv } from '../src/progress/stats-csv.js';
import { StatsIndex } from '../src/progress/stats-index.js';
import { buildReport } from '../src/progress/stats-report.js';
import { weekRange } from '../src/progress/weeks.js';
import type { ProgressEvent } from '../src/domain/progress.js';

const content = loadContent(process.cwd());
const book = new FlowBook(content.flows.values());
const areas = new AreaList('knowledge/areas/quang-ninh.yaml');

/** A constructed log: who did what, when (Vietnam time). */
function log(): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  const e = (type: ProgressEvent['type'], uid: string, at: string, extra: Partial<ProgressEvent> = {}) =>
    events.push({ type, uid, at: new Date(at).toISOString(), channel: 'web', ...extra });
  const walk = (uid: string, start: string, steps: string[], flow = 'qr-payment') => {
    e('flow_started', uid, start, { flow });
    let t = Date.parse(start);
    for (const step of steps) {
      t += 60_000;
      e('step_entered', uid, new Date(t).toISOString(), { flow, step });
    }
    return t;
  };
  const main = ['prepare', 'open-app', 'check-name', 'amount', 'confirm', 'show-seller', 'done'];
  // A and B complete (B in 30 minutes, A in 7); C stops at check-name; D cancels at amount.
  let t = walk('A', '2026-03-02T08:00:00+07:00', main);
  e('flow_completed', 'A', new Date(t).toISOString(), { flow: 'qr-payment' });
  e('milestone', 'A', new Date(t).toISOString(), {
    flow: 'qr-payment',
    step: 'done',
    milestone: 'completed-first-payment',
  });
  t = walk('B', '2026-03-03T09:00:00+07:00', main.slice(0, 3));
  e('step_entered', 'B', '2026-03-03T09:20:00+07:00', { flow: 'qr-payment', step: 'amount' });
  e('step_entered', 'B', '2026-03-03T09:25:00+07:00', { flow: 'qr-payment', step: 'confirm' });
  e('step_entered', 'B', '2026-03-03T09:28:00+07:00', { flow: 'qr-payment', step: 'show-seller' });
  e('step_entered', 'B', '2026-03-03T09:30:00+07:00', { flow: 'qr-payment', step: 'done' });
  e('flow_completed', 'B', '2026-03-03T09:30:00+07:00', { flow: 'qr-payment' });
  walk('C', '2026-03-04T10:00:00+07:00', main.slice(0, 3));
  walk('D', '2026-03-10T10:00:00+07:00', main.slice(0, 4));
  e('flow_cancelled', 'D', '2026-03-10T10:10:00+07:00', { flow: 'qr-payment', reason: 'user' });
  // E starts VNeID in a later week
  walk('E', '2026-03-11T10:00:00+07:00', ['prepare'], 'vneid-level2');
  // areas: A and C in Việt Hưng, B in Hà Tu (told after finishing), D and E unknown
  e('area_set', 'A', '2026-03-02T08:10:00+07:00', { area: 'viet-hung' });
  e('area_set', 'C', '2026-03-04T10:05:00+07:00', { area: 'viet-hung' });
  e('area_set', 'B', '2026-03-05T10:00:00+07:00', { area: 'ha-tu' });
  e('kb_unmatched', 'C', '2026-03-04T11:00:00+07:00', { text: 'thủ tục ly hôn?' });
  e('kb_unmatched', 'D', '2026-03-10T11:00:00+07:00', { text: 'Thủ tục ly hôn' });
  e('kb_unmatched', 'D', '2026-03-10T11:01:00+07:00', { text: 'giá vàng' });
  e('kb_answered', 'A', '2026-03-02T08:30:00+07:00', { topic: 'qr-fees' });
  e('reminder_sent', 'C', '2026-03-06T09:00:00+07:00');
  e('reminder_skipped', 'D', '2026-03-06T09:00:00+07:00', { reason: 'zalo-window' });
  return events;
}

function index() {
  const i = new StatsIndex();
  i.appended(log());
  return i;
}

describe('progress indicators', () => {
  it('counts starts, completions, cancellations, the completion rate and the median time', () => {
    const report = buildReport(index(), book, areas, {});
    const qr = report.flows.find((f) => f.id === 'qr-payment')!;
    expect(qr).toMatchObject({ started: 4, completed: 2, completionRate: 0.5, cancelled: 1, inProgress: 1 });
    expect(qr.medianMinutesToComplete).toBe(19); // (7 + 30) / 2, rounded
    expect(report.totals).toEqual({ started: 5, completed: 2, completionRate: 0.4 });
  });

  it('builds the funnel along the main path with the drop-off and where most stopped', () => {
    const qr = buildReport(index(), book, areas, {}).flows.find((f) => f.id === 'qr-payment')!;
    expect(qr.funnel.slice(0, 7).map((s) => [s.step, s.reached, s.dropOff])).toEqual([
      ['prepare', 4, undefined],
      ['open-app', 4, 0],
      ['check-name', 4, 0],
      ['amount', 3, 1],
      ['confirm', 2, 1],
      ['show-seller', 2, 0],
      ['done', 2, 0],
    ]);
    expect(qr.milestones).toEqual([{ milestone: 'completed-first-payment', reached: 1 }]);
  });

  it('filters by period, with a date meaning the whole day', () => {
    const report = buildReport(index(), book, areas, {
      from: new Date('2026-03-03T00:00:00+07:00'),
      to: new Date('2026-03-04T23:59:59+07:00'),
    });
    const qr = report.flows.find((f) => f.id === 'qr-payment')!;
    expect(qr).toMatchObject({ started: 2, completed: 1 });
    expect(report.unanswered).toEqual([{ text: 'thủ tục ly hôn?', count: 1 }]);
  });

  it('groups by area, with the area told after the flow counting too', () => {
    const report = buildReport(index(), book, areas, {});
    const vh = report.areas.find((a) => a.id === 'viet-hung')!;
    const ht = report.areas.find((a) => a.id === 'ha-tu')!;
    expect(vh).toMatchObject({ started: 2, completed: 1, completionRate: 0.5, adults: null });
    expect(ht).toMatchObject({ started: 1, completed: 1 });
    const onlyVh = buildReport(index(), book, areas, { areas: new Set(['viet-hung']) });
    expect(onlyVh.totals.started).toBe(2);
    expect(onlyVh.areas.map((a) => a.id)).toEqual(['viet-hung']);
  });

  it('counts per week, Monday to Sunday, with the dates people read ("2/3–8/3")', () => {
    expect(buildReport(index(), book, areas, {}).weeks).toEqual([
      { week: '2026-W10', from: '2026-03-02', to: '2026-03-08', label: '2/3–8/3', started: 3, completed: 2 },
      { week: '2026-W11', from: '2026-03-09', to: '2026-03-15', label: '9/3–15/3', started: 2, completed: 0 },
    ]);
  });

  it('labels a week that spans the new year with both months', () => {
    const day = Date.UTC(2026, 11, 31) / 86_400_000;
    expect(weekRange(day)).toEqual({ from: '2026-12-28', to: '2027-01-03', label: '28/12–3/1' });
  });

  it('names every funnel step and the step where most stopped by its title from the flow', () => {
    const qr = buildReport(index(), book, areas, {}).flows.find((f) => f.id === 'qr-payment')!;
    expect(qr.funnel.slice(0, 4).map((s) => s.title)).toEqual([
      'Chuẩn bị',
      'Mở ứng dụng, quét mã',
      'Kiểm tra tên người nhận',
      'Nhập số tiền',
    ]);
    expect(qr.funnel.every((s) => s.title && s.title !== s.step)).toBe(true);
    expect(qr.mostStoppedAt).toEqual({ step: 'check-name', title: 'Kiểm tra tên người nhận', people: 1 });
  });

  it('groups unanswered questions by their normalised text', () => {
    expect(buildReport(index(), book, areas, {}).unanswered).toEqual([
      { text: 'thủ tục ly hôn?', count: 2 },
      { text: 'giá vàng', count: 1 },
    ]);
  });

  it('counts reminder delivery and answered topics', () => {
    const report = buildReport(index(), book, areas, {});
    expect(report.reminders).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
    expect(report.topics).toEqual([{ topic: 'qr-fees', count: 1 }]);
  });

  it('computes coverage where an area has its adult population', () => {
    const i = index();
    const withAdults = Object.assign(Object.create(Object.getPrototypeOf(areas)), areas) as AreaList;
    const vh = { ...areas.get('viet-hung')!, adults: 40 };
    withAdults.all = () => [vh];
    const row = buildReport(i, book, withAdults, {}).areas[0]!;
    expect(row.flows.find((f) => f.id === 'qr-payment')!.coverage).toBe(0.025);
  });

  it('exports CSV with a BOM so Excel shows Vietnamese', () => {
    const csv = reportCsv(buildReport(index(), book, areas, {}));
    expect(csv.startsWith('\ufeffHướng dẫn,Mã,Bắt đầu')).toBe(true);
    expect(csv).toContain('Thanh toán không tiền mặt bằng cách quét mã QR,qr-payment,4,2,0.5,1,1,19');
    expect(csv).toContain('thủ tục ly hôn?,2');
  });
});
