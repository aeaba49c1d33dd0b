// The admin dashboard: asks for a token (kept in sessionStorage), reads /admin/api/stats, and draws
// the flows table, a funnel per flow, the weekly trend, the areas table and unanswered questions.
(function () {
  const KEY = 'cds-admin-token';
  const $ = (id) => document.getElementById(id);
  const charts = [];

  function show(logged) {
    $('login').hidden = logged;
    $('dashboard').hidden = !logged;
    $('logout').hidden = !logged;
  }

  function query() {
    const data = new FormData($('filters'));
    const params = new URLSearchParams();
    for (const [k, v] of data) if (v) params.set(k, v);
    return params.toString();
  }

  async function api(path) {
    const res = await fetch(path, { headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
    if (res.status === 401) {
      sessionStorage.removeItem(KEY);
      show(false);
      $('login-error').textContent = 'Mã truy cập không đúng.';
      throw new Error('unauthorised');
    }
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body.error || 'HTTP ' + res.status);
    }
    return res;
  }

  const pct = (x) => (x * 100).toFixed(1) + '%';

  function cell(row, text, numeric) {
    const td = document.createElement('td');
    td.textContent = text;
    if (numeric) td.className = 'num';
    row.appendChild(td);
  }

  /** Fills a table body: one row per item, its cells as [text, numeric?] pairs. */
  function fillTable(id, items, key, cellsOf) {
    const body = $(id).querySelector('tbody');
    body.textContent = '';
    items.forEach((item) => {
      const tr = document.createElement('tr');
      tr.dataset[key] = item.id;
      cellsOf(item).forEach(([text, numeric]) => cell(tr, text, numeric));
      body.appendChild(tr);
    });
  }

  function render(stats) {
    charts.splice(0).forEach((c) => c.destroy());
    $('totals').textContent =
      'Bắt đầu: ' + stats.totals.started + ' lượt · Hoàn thành: ' + stats.totals.completed + ' · Tỉ lệ hoàn thành: ' + pct(stats.totals.completionRate);

    fillTable('flows', stats.flows, 'flow', (f) => [
      [f.title],
      [String(f.started), true],
      [String(f.completed), true],
      [pct(f.completionRate), true],
      [String(f.cancelled), true],
      [f.mostStoppedAt ? f.mostStoppedAt.step + ' (' + f.mostStoppedAt.people + ')' : '—'],
      [f.medianMinutesToComplete === null ? '—' : String(f.medianMinutesToComplete), true],
    ]);

    const funnels = $('funnels');
    funnels.textContent = '';
    stats.flows.forEach((f) => {
      const box = document.createElement('div');
      box.className = 'chart';
      const canvas = document.createElement('canvas');
      canvas.id = 'funnel-' + f.id;
      canvas.setAttribute('aria-label', 'Phễu ' + f.title);
      box.appendChild(canvas);
      funnels.appendChild(box);
      const steps = f.funnel.filter((s) => s.dropOff !== undefined || s === f.funnel[0]);
      charts.push(
        new window.Chart(canvas, {
          type: 'bar',
          data: { labels: steps.map((s) => s.step), datasets: [{ label: f.title, data: steps.map((s) => s.reached), backgroundColor: '#1f5fbf' }] },
          options: { indexAxis: 'y', maintainAspectRatio: false, animation: false, plugins: { title: { display: true, text: f.title } } },
        }),
      );
    });

    charts.push(
      new window.Chart($('weekly'), {
        type: 'line',
        data: {
          labels: stats.weeks.map((w) => w.week),
          datasets: [
            { label: 'Bắt đầu', data: stats.weeks.map((w) => w.started), borderColor: '#1f5fbf' },
            { label: 'Hoàn thành', data: stats.weeks.map((w) => w.completed), borderColor: '#1e8e3e' },
          ],
        },
        options: { maintainAspectRatio: false, animation: false },
      }),
    );

    fillTable('areas', stats.areas, 'area', (a) => {
      const covered = a.flows.filter((f) => f.coverage !== null).map((f) => f.id + ': ' + pct(f.coverage));
      return [
        [a.name],
        [String(a.started), true],
        [String(a.completed), true],
        [pct(a.completionRate), true],
        [covered.length ? covered.join(' · ') : 'chưa có số dân'],
      ];
    });

    const unanswered = $('unanswered');
    unanswered.textContent = '';
    stats.unanswered.forEach((u) => {
      const li = document.createElement('li');
      li.textContent = u.text + ' — ' + u.count + ' lần';
      unanswered.appendChild(li);
    });
    if (!stats.unanswered.length) unanswered.textContent = 'Chưa có.';

    const r = stats.reminders;
    $('reminders').textContent = 'Đã gửi ' + r.sent + ' · lỗi ' + r.failed + ' · bỏ qua ' + r.skipped + ' · tắt nhắc ' + r.optedOut;
  }

  async function load() {
    try {
      const stats = await (await api('/admin/api/stats?' + query())).json();
      render(stats);
      document.body.dataset.loaded = 'yes';
    } catch (e) {
      if (e.message !== 'unauthorised') $('totals').textContent = 'Lỗi: ' + e.message;
    }
  }

  async function loadAreas() {
    const { areas } = await (await api('/admin/api/areas')).json();
    const select = $('filters').elements.area;
    areas.forEach((a) => {
      const option = document.createElement('option');
      option.value = a.id;
      option.textContent = a.name;
      select.appendChild(option);
    });
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    $('login-error').textContent = '';
    show(true);
    try {
      await loadAreas();
      await load();
    } catch {
      // api() already showed the login again
    }
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('csv').addEventListener('click', async () => {
    const blob = await (await api('/admin/api/stats.csv?' + query())).blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'thong-ke.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  });
  $('logout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    show(false);
  });

  if (sessionStorage.getItem(KEY)) {
    show(true);
    loadAreas().then(load, () => {});
  } else {
    show(false);
  }
})();
