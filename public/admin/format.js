// Numbers, dates and tables in the form people here read them.
export const $ = (id) => document.getElementById(id);
export const num = (n) => Number(n).toLocaleString('vi-VN');
export const pct = (x) => (x * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 }) + '%';

const VN = { timeZone: 'Asia/Ho_Chi_Minh' };
/** "08:00 thứ Hai, 1/12/2026" in Vietnam time. */
export function vnDateTime(iso) {
  const d = new Date(iso);
  const time = d.toLocaleTimeString('vi-VN', { ...VN, hour: '2-digit', minute: '2-digit', hour12: false });
  const day = d.toLocaleDateString('vi-VN', {
    ...VN,
    weekday: 'long',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  });
  return time + ' ' + day;
}

/** Minutes as people say them: "45 phút", "2 giờ 5 phút", "3 ngày". */
export function duration(minutes) {
  if (minutes === null || minutes === undefined) return '—';
  if (minutes < 1) return 'dưới 1 phút';
  if (minutes < 60) return minutes + ' phút';
  if (minutes < 24 * 60)
    return Math.floor(minutes / 60) + ' giờ' + (minutes % 60 ? ' ' + (minutes % 60) + ' phút' : '');
  return Math.round(minutes / (24 * 60)) + ' ngày';
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Fills a table body: one row per item, cells as [text, numeric?] pairs. Each cell carries its
 * column's header, so on a phone the table stacks into labelled cards (see admin.css).
 */
export function fillTable(id, items, key, cellsOf) {
  const table = $(id);
  const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  const body = table.querySelector('tbody');
  body.textContent = '';
  items.forEach((item) => {
    const tr = document.createElement('tr');
    if (key) tr.dataset[key] = item.id;
    cellsOf(item).forEach(([content, numeric], i) => {
      const td = el('td', numeric ? 'num' : '');
      if (content instanceof Node) td.appendChild(content);
      else td.textContent = content;
      td.dataset.label = headers[i] || '';
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
}
