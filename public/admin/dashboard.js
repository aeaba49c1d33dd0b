// The statistics view: totals, flows, funnels, weeks, areas, unanswered questions, reminders.
import { download, getJson, Unauthorised } from './api.js';
import { $, duration, el, fillTable, num, pct } from './format.js';
import { renderFunnels } from './funnels.js';

let weekly;
let flowNames = new Map();

function query() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($('filters'))) if (v) params.set(k, v);
  return params.toString();
}

function card(label, value, note) {
  const box = el('div', 'card');
  box.appendChild(el('span', 'card-value', value));
  box.appendChild(el('span', 'card-label', label));
  if (note) box.appendChild(el('span', 'card-note', note));
  return box;
}

function renderTotals(stats) {
  const sum = (key) => stats.flows.reduce((s, f) => s + f[key], 0);
  const totals = $('totals');
  totals.textContent = '';
  totals.appendChild(card('lượt bắt đầu một hướng dẫn', num(stats.totals.started)));
  totals.appendChild(
    card('lượt hoàn thành', num(stats.totals.completed), pct(stats.totals.completionRate) + ' số lượt bắt đầu'),
  );
  totals.appendChild(card('lượt đang làm dở', num(sum('inProgress'))));
  totals.appendChild(card('lượt đã hủy giữa chừng', num(sum('cancelled'))));
}

/** Where people who have not finished stopped, said so it cannot read as a contradiction. */
function stoppedAt(f) {
  const notFinished = f.started - f.completed;
  if (!notFinished || !f.mostStoppedAt) return 'Không có ai dừng giữa chừng';
  return f.mostStoppedAt.title + ': ' + num(f.mostStoppedAt.people) + ' trong ' + num(notFinished) + ' người chưa xong';
}

function renderWeeks(weeks) {
  if (weekly) weekly.destroy();
  weekly = new window.Chart($('weekly'), {
    type: 'line',
    data: {
      labels: weeks.map((w) => w.label),
      datasets: [
        { label: 'Bắt đầu', data: weeks.map((w) => w.started), borderColor: '#1f5fbf', backgroundColor: '#1f5fbf' },
        {
          label: 'Hoàn thành',
          data: weeks.map((w) => w.completed),
          borderColor: '#1e8e3e',
          backgroundColor: '#1e8e3e',
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  fillTable('weeks', weeks, '', (w) => [
    [w.label + '/' + w.to.slice(0, 4)],
    [num(w.started), true],
    [num(w.completed), true],
  ]);
}

function render(stats) {
  renderTotals(stats);
  fillTable('flows', stats.flows, 'flow', (f) => [
    [f.title],
    [num(f.started), true],
    [num(f.completed), true],
    [f.started ? pct(f.completionRate) : '—', true],
    [num(f.inProgress), true],
    [num(f.cancelled), true],
    [stoppedAt(f)],
    [duration(f.medianMinutesToComplete), true],
  ]);
  renderFunnels($('funnels'), stats.flows);
  renderWeeks(stats.weeks);
  fillTable('areas', stats.areas, 'area', (a) => {
    const covered = a.flows
      .filter((f) => f.coverage !== null)
      .map((f) => (flowNames.get(f.id) || f.id) + ': ' + pct(f.coverage));
    return [
      [a.name],
      [num(a.started), true],
      [num(a.completed), true],
      [a.started ? pct(a.completionRate) : '—', true],
      [covered.length ? covered.join(' · ') : 'Chưa có số người trưởng thành'],
    ];
  });
  const unanswered = $('unanswered');
  unanswered.textContent = '';
  stats.unanswered.forEach((u) => unanswered.appendChild(el('li', '', u.text + ' — ' + num(u.count) + ' lần')));
  if (!stats.unanswered.length) unanswered.textContent = 'Chưa có.';
  const r = stats.reminders;
  $('reminders').textContent =
    'Đã gửi ' +
    num(r.sent) +
    ' tin · gửi lỗi ' +
    num(r.failed) +
    ' · bỏ qua ' +
    num(r.skipped) +
    ' (người đã tắt nhắc, quá hạn Zalo...) · ' +
    num(r.optedOut) +
    ' lần tắt nhắc · ' +
    num(r.optedIn) +
    ' lần bật lại';
}

export async function loadStats() {
  $('stats-error').textContent = '';
  try {
    render(await getJson('/admin/api/stats?' + query()));
    document.body.dataset.loaded = 'yes';
  } catch (e) {
    if (!(e instanceof Unauthorised)) $('stats-error').textContent = 'Lỗi: ' + e.message;
  }
}

/** Fills the area and channel filters, then wires the filter form and the downloads. */
export function setUpDashboard(session) {
  flowNames = new Map(session.flows.map((f) => [f.id, f.menuLabel]));
  const select = $('filters').elements.area;
  select.length = 1;
  session.areas.forEach((a) => select.appendChild(new Option(a.name, a.id)));
  const channel = $('filters').elements.channel;
  channel.length = 1;
  session.channels.forEach((c) => channel.appendChild(new Option(c.label, c.id)));
  $('filters').onsubmit = (event) => {
    event.preventDefault();
    loadStats();
  };
  $('xlsx').onclick = () =>
    download('/admin/api/stats.xlsx?' + query(), 'thong-ke.xlsx').catch(
      (e) => ($('stats-error').textContent = 'Lỗi: ' + e.message),
    );
  $('csv').onclick = (event) => {
    const table = event.target.dataset.table;
    if (table)
      download('/admin/api/stats.csv?table=' + table + '&' + query(), 'thong-ke-' + table + '.csv').catch(
        (e) => ($('stats-error').textContent = 'Lỗi: ' + e.message),
      );
  };
}
