/* global clearInterval */
// "Hỗ trợ trực tiếp": the handoff queue of /admin. Open cases of the token's areas, newest first,
// with the citizen's recent messages, a reply box and a close button; and a count of open cases
// in the header of every dashboard page that loads this script. Kept apart from admin.js: it only
// shares the token admin.js keeps in sessionStorage.
(function () {
  const KEY = 'cds-admin-token';
  const REFRESH_MS = 15000;
  const SHOWN_MESSAGES = 12;
  const FROM = { citizen: 'Người dân', team: 'Cán bộ', bot: 'Trợ lý' };
  const CHANNEL = { web: 'Web', zalo: 'Zalo', telegram: 'Telegram' };
  const DELIVERY = {
    pending: 'đang gửi',
    sending: 'đang gửi',
    sent: 'đã gửi',
    failed: 'không gửi được',
    skipped: 'không gửi được',
    unknown: 'chưa rõ đã gửi chưa',
  };
  const $ = (id) => document.getElementById(id);
  let token = null;
  let timer = null;

  /** "14:05, 29/11" in Vietnam time, whatever the browser's zone. */
  function time(iso) {
    const parts = {};
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .forEach((p) => (parts[p.type] = p.value));
    return parts.hour + ':' + parts.minute + ', ' + parts.day + '/' + parts.month;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The badge in the header, made here so that every page with this script shows it. */
  function badge() {
    let link = $('handoff-badge');
    if (!link) {
      const header = document.querySelector('header');
      if (!header) return null;
      link = el('a', 'handoff-badge');
      link.id = 'handoff-badge';
      link.href = '/admin/#handoffs';
      link.hidden = true;
      header.insertBefore(link, $('logout'));
    }
    return link;
  }

  async function call(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: Object.assign({ authorization: 'Bearer ' + token }, body ? { 'content-type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(data.error || 'Lỗi ' + res.status), { status: res.status });
    return data;
  }

  function renderCase(c, drafts) {
    const box = el('article', 'case');
    box.dataset.case = c.id;
    const where = c.areaName || 'Chưa rõ xã, phường (tỉnh trả lời)';
    box.appendChild(el('h3', '', where + ' · ' + (CHANNEL[c.channel] || c.channel)));
    const meta = ['Mở lúc ' + time(c.openedAt)];
    if (c.closesAt) meta.push('tự đóng lúc ' + time(c.closesAt) + ' nếu không ai trả lời');
    if (c.replyableUntil && c.canReply) meta.push('Zalo: trả lời được đến ' + time(c.replyableUntil));
    box.appendChild(el('p', 'meta', meta.join(' · ')));

    const list = el('ol', 'messages');
    c.messages.slice(-SHOWN_MESSAGES).forEach((m) => {
      const item = el('li', 'from-' + m.from);
      item.appendChild(
        el('span', 'who', FROM[m.from] + ' · ' + time(m.at) + (m.delivery ? ' · ' + DELIVERY[m.delivery] : '')),
      );
      item.appendChild(el('span', 'text', m.text));
      list.appendChild(item);
    });
    box.appendChild(list);

    if (!c.canReply) box.appendChild(el('p', 'warning', c.cannotReply || 'Không gửi trả lời được nữa.'));
    const form = el('form', 'reply');
    const label = el('label', '', 'Trả lời người dân');
    const text = el('textarea');
    text.name = 'text';
    text.rows = 3;
    text.maxLength = 2000;
    text.value = drafts[c.id] || '';
    text.disabled = !c.canReply;
    label.appendChild(text);
    form.appendChild(label);
    const send = el('button', 'send', 'Gửi trả lời');
    send.type = 'submit';
    send.disabled = !c.canReply;
    const close = el('button', 'close', 'Đóng yêu cầu');
    close.type = 'button';
    const error = el('p', 'error');
    error.setAttribute('role', 'alert');
    form.append(send, close, error);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(c.id, 'replies', { text: text.value }, error, () => (text.value = ''));
    });
    close.addEventListener('click', () => act(c.id, 'close', undefined, error));
    box.appendChild(form);
    return box;
  }

  async function act(id, what, body, error, done) {
    error.textContent = '';
    try {
      await call('POST', '/admin/api/handoffs/' + encodeURIComponent(id) + '/' + what, body);
      if (done) done();
      await refresh();
      // The outbox sends at once; show "đã gửi" without waiting for the next refresh.
      setTimeout(refresh, 1500);
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function render(handoffs) {
    const link = badge();
    if (link) {
      link.hidden = false;
      link.textContent = 'Hỗ trợ trực tiếp: ' + handoffs.length + ' đang chờ';
      link.classList.toggle('waiting', handoffs.length > 0);
    }
    const section = $('handoff-list');
    if (!section) return;
    // Keep what the team is typing across a refresh.
    const drafts = {};
    section
      .querySelectorAll('article.case')
      .forEach((a) => (drafts[a.dataset.case] = a.querySelector('textarea').value));
    const focused =
      document.activeElement && document.activeElement.closest && document.activeElement.closest('article.case');
    section.textContent = '';
    if (!handoffs.length) section.appendChild(el('p', 'empty', 'Không có yêu cầu nào đang chờ.'));
    handoffs.forEach((c) => section.appendChild(renderCase(c, drafts)));
    if (focused) {
      const again = section.querySelector('article.case[data-case="' + focused.dataset.case + '"] textarea');
      if (again) again.focus();
    }
    document.body.dataset.handoffs = 'loaded';
  }

  async function refresh() {
    if (!token) return;
    try {
      render((await call('GET', '/admin/api/handoffs?status=open')).handoffs);
    } catch (e) {
      if (e.status === 401) stop();
      else if ($('handoff-list')) $('handoff-list').textContent = 'Lỗi: ' + e.message;
    }
  }

  function stop() {
    token = null;
    clearInterval(timer);
    timer = null;
    const link = $('handoff-badge');
    if (link) link.hidden = true;
  }

  // admin.js keeps the token; follow it (log in, log out) without depending on its code.
  function watch() {
    const current = sessionStorage.getItem(KEY);
    if (current === token) return;
    stop();
    if (!current) return;
    token = current;
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }
  watch();
  setInterval(watch, 1000);
})();
