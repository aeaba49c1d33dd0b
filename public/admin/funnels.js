// One funnel per flow, drawn in HTML: each step by its title, a bar, the number of people who
// reached it, and how many the step lost. Side steps (troubleshooting) are listed under it.
import { el, num, pct } from './format.js';

function stepRow(step, index, first) {
  // The bar's length is relative to the first step, so the shrinking reads at a glance.
  const li = el('li', 'step');
  li.dataset.step = step.step;
  li.appendChild(el('span', 'step-title', index + 1 + '. ' + step.title));
  const track = el('span', 'track');
  const bar = el('span', 'bar');
  bar.style.width = (first ? Math.max(1, (step.reached / first) * 100) : 0) + '%';
  track.appendChild(bar);
  li.appendChild(track);
  li.appendChild(el('span', 'reached num', num(step.reached)));
  const before = step.reached + (step.dropOff || 0);
  const lost = step.dropOff
    ? 'Rơi rụng ' + num(step.dropOff) + ' người (' + pct(step.dropOff / before) + ' số người ở bước trước)'
    : '';
  li.appendChild(el('span', 'drop' + (step.dropOff ? '' : ' none'), lost || 'không rơi rụng'));
  return li;
}

function funnelOf(flow) {
  const box = el('article', 'funnel');
  box.dataset.flow = flow.id;
  box.appendChild(el('h3', '', flow.title));
  if (!flow.started) {
    box.appendChild(el('p', 'hint', 'Chưa ai bắt đầu hướng dẫn này trong thời gian đã chọn.'));
    return box;
  }
  const main = flow.funnel.filter((s, i) => i === 0 || s.dropOff !== undefined);
  const side = flow.funnel.filter((s, i) => i !== 0 && s.dropOff === undefined && s.reached > 0);
  const first = main[0] ? main[0].reached : 0;
  const list = el('ol', 'steps');
  main.forEach((s, i) => list.appendChild(stepRow(s, i, first)));
  box.appendChild(list);
  if (side.length) {
    const more = el('details', 'side');
    more.appendChild(el('summary', '', 'Bước gỡ rối đã có người vào (' + side.length + ')'));
    const ul = el('ul');
    side.forEach((s) => ul.appendChild(el('li', '', s.title + ': ' + num(s.reached) + ' người')));
    more.appendChild(ul);
    box.appendChild(more);
  }
  return box;
}

export function renderFunnels(container, flows) {
  container.textContent = '';
  flows.forEach((f) => container.appendChild(funnelOf(f)));
}
