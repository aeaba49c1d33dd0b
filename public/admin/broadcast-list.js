// The broadcasts a token may see, newest first, with their counts and a way to cancel.
import { api, getJson, Unauthorised } from './api.js';
import { $, el, fillTable, num, vnDateTime } from './format.js';
import { describeCron } from './schedule.js';

const STATUS = { scheduled: 'Đã lên lịch', sending: 'Đang gửi', done: 'Đã gửi xong', cancelled: 'Đã hủy' };
const FLOW_STATUS = { 'not-started': 'chưa bắt đầu', 'in-progress': 'đang làm dở', completed: 'đã hoàn thành' };

let names = { areas: new Map(), flows: new Map() };

function audienceText(a) {
  const parts = [a.area ? names.areas.get(a.area) || a.area : 'Mọi khu vực'];
  if (a.flow) parts.push((names.flows.get(a.flow) || a.flow) + (a.status ? ': ' + FLOW_STATUS[a.status] : ''));
  else if (a.status) parts.push(FLOW_STATUS[a.status] + ' (mọi hướng dẫn)');
  return parts.join(' · ');
}

function countsText(b) {
  const parts = [
    'Đã gửi ' + num(b.sent),
    'chờ gửi ' + num(b.pending),
    'lỗi ' + num(b.failed),
    'bỏ qua ' + num(b.skipped),
  ];
  if (b.unknown) parts.push('không rõ ' + num(b.unknown) + ' (máy chủ dừng lúc đang gửi; không gửi lại)');
  return parts.join(' · ');
}

function cancelButton(b) {
  if (b.status === 'done' || b.status === 'cancelled') return '';
  const button = el('button', 'secondary', 'Hủy');
  button.type = 'button';
  button.onclick = async () => {
    if (!window.confirm('Hủy tin này? Những tin chưa gửi sẽ không được gửi nữa.')) return;
    try {
      await api('/admin/api/broadcasts/' + encodeURIComponent(b.id), { method: 'DELETE' });
      await loadBroadcasts();
    } catch (e) {
      if (!(e instanceof Unauthorised)) $('broadcasts-error').textContent = 'Chưa hủy được. ' + e.message;
    }
  };
  return button;
}

export async function loadBroadcasts() {
  $('broadcasts-error').textContent = '';
  try {
    const { broadcasts } = await getJson('/admin/api/broadcasts');
    fillTable('broadcasts', broadcasts, 'broadcast', (b) => [
      [b.text.length > 120 ? b.text.slice(0, 119) + '…' : b.text],
      [audienceText(b.audience)],
      [b.cron ? describeCron(b.cron) : 'Một lần: ' + vnDateTime(b.at)],
      [STATUS[b.status] || b.status],
      [countsText(b)],
      [cancelButton(b)],
    ]);
    $('broadcasts-empty').hidden = broadcasts.length > 0;
  } catch (e) {
    if (!(e instanceof Unauthorised)) $('broadcasts-error').textContent = 'Lỗi: ' + e.message;
  }
}

export function setUpBroadcastList(session) {
  names = {
    areas: new Map(session.areas.map((a) => [a.id, a.name])),
    flows: new Map(session.flows.map((f) => [f.id, f.menuLabel])),
  };
}
