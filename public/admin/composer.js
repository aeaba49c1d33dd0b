// The broadcast composer: the text and how it looks on a phone, the audience with the live number
// of people it reaches (POST /admin/api/broadcasts/preview), and when to send.
import { api, Unauthorised } from './api.js';
import { $, num } from './format.js';
import { vietnamIso, weeklyCron } from './schedule.js';

const SKIPS = [
  ['optedOut', 'đã tắt nhắc'],
  ['outsideWindow', 'dùng Zalo nhưng quá 48 giờ chưa nhắn (Zalo không cho gửi)'],
  ['inactive', 'đã chặn hoặc bỏ theo dõi'],
  ['unreachable', 'không nhận được tin'],
  ['channelOff', 'nhắn qua kênh đang tắt'],
];
const SUBMIT = { now: 'Gửi ngay', at: 'Hẹn gửi', weekly: 'Lên lịch hàng tuần' };

let previewTimer;
let previewSeq = 0;
let onCreated = () => {};

function audience() {
  const form = $('composer').elements;
  const a = {};
  if (form.area.value) a.area = form.area.value;
  if (form.flow.value) a.flow = form.flow.value;
  if (form.status.value) a.status = form.status.value;
  return a;
}

function describeReach(p) {
  const skipped = SKIPS.filter(([key]) => p.skipped[key]).map(([key, why]) => num(p.skipped[key]) + ' người ' + why);
  let text = 'Sẽ gửi tới ' + num(p.recipients) + ' người.';
  if (skipped.length) text += ' Bỏ qua ' + skipped.join('; ') + '.';
  else if (p.total) text += ' Không ai bị bỏ qua.';
  if (!p.total) text = 'Chưa có ai trong nhóm này.';
  return text;
}

async function refreshReach() {
  const seq = ++previewSeq;
  const reach = $('reach');
  try {
    const res = await api('/admin/api/broadcasts/preview', { method: 'POST', body: { audience: audience() } });
    const preview = await res.json();
    if (seq !== previewSeq) return; // a newer choice is already being counted
    reach.textContent = describeReach(preview);
    reach.dataset.recipients = String(preview.recipients);
  } catch (e) {
    if (seq === previewSeq && !(e instanceof Unauthorised)) reach.textContent = 'Không đếm được: ' + e.message;
  }
}

function scheduleReach() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(refreshReach, 200);
}

function showText() {
  const text = $('c-text').value;
  $('c-count').textContent = String(text.length);
  const bubble = $('c-preview');
  bubble.textContent = text.trim() ? text : 'Nội dung tin sẽ hiện ở đây.';
  bubble.classList.toggle('empty', !text.trim());
}

function showWhen() {
  const when = $('composer').elements.when.value;
  $('when-at').hidden = when !== 'at';
  $('when-weekly').hidden = when !== 'weekly';
  $('c-submit').textContent = SUBMIT[when];
}

/** The request body, or a Vietnamese message naming what is missing. */
function broadcastBody() {
  const form = $('composer').elements;
  const body = { text: form.text.value.trim(), audience: audience() };
  if (!body.text) return 'Nội dung tin: chưa viết gì.';
  const when = form.when.value;
  if (when === 'at') {
    if (!form.date.value || !form.time.value) return 'Ngày giờ gửi: chọn cả ngày và giờ.';
    body.at = vietnamIso(form.date.value, form.time.value);
  } else if (when === 'weekly') {
    const days = [...document.querySelectorAll('#c-days input:checked')].map((i) => i.value);
    if (!days.length) return 'Hàng tuần: chọn ít nhất một ngày.';
    body.cron = weeklyCron(days, form.hour.value);
  }
  return body;
}

async function submit(event) {
  event.preventDefault();
  $('composer-error').textContent = '';
  $('composer-done').textContent = '';
  const body = broadcastBody();
  if (typeof body === 'string') {
    $('composer-error').textContent = body;
    return;
  }
  $('c-submit').disabled = true;
  try {
    await api('/admin/api/broadcasts', { method: 'POST', body });
    $('composer-done').textContent = body.cron
      ? 'Đã lên lịch gửi hàng tuần.'
      : body.at
        ? 'Đã hẹn giờ gửi.'
        : 'Đã gửi đi: tin sẽ tới người dân trong ít phút.';
    $('c-text').value = '';
    showText();
    await onCreated();
  } catch (e) {
    if (!(e instanceof Unauthorised)) $('composer-error').textContent = 'Chưa gửi được. ' + e.message;
  } finally {
    $('c-submit').disabled = false;
  }
}

/** Fills the choices the token may use (a team: only its areas) and wires the form. */
export function setUpComposer(session, created) {
  onCreated = created;
  const area = $('c-area');
  area.length = 0;
  if (session.role === 'admin') area.appendChild(new Option('Mọi khu vực', ''));
  session.areas.forEach((a) => area.appendChild(new Option(a.name, a.id)));
  const flow = $('c-flow');
  flow.length = 1;
  session.flows.forEach((f) => flow.appendChild(new Option(f.menuLabel, f.id)));
  const hour = $('c-hour');
  if (!hour.length) for (let h = 7; h <= 20; h++) hour.appendChild(new Option(h + ':00', String(h), h === 8, h === 8));
  $('c-date').min = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

  const form = $('composer');
  form.oninput = (event) => {
    if (event.target.id === 'c-text') showText();
  };
  form.onchange = (event) => {
    if (event.target.name === 'when') showWhen();
    if (['area', 'flow', 'status'].includes(event.target.name)) {
      $('c-status-hint').textContent = form.elements.flow.value
        ? 'Tình trạng tính theo hướng dẫn đã chọn.'
        : 'Không chọn hướng dẫn: tình trạng tính theo mọi hướng dẫn.';
      scheduleReach();
    }
  };
  form.onsubmit = submit;
  showText();
  showWhen();
  refreshReach();
}
