// The web chat: a random conversation id kept in this browser, POST /api/chat for each message,
// and a poll of GET /api/chat/messages for reminders the bot pushes.
(function () {
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const POLL_MS = 15000;

  function conversationId() {
    let id = localStorage.getItem('cds-user');
    if (!id || !/^[A-Za-z0-9_.-]{1,64}$/.test(id)) {
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      id = 'w-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      localStorage.setItem('cds-user', id);
    }
    return id;
  }
  const userId = conversationId();
  let cursor = localStorage.getItem('cds-cursor') || '';
  // A page that never polled before learns the cursor first; history is not replayed into it.
  let primed = localStorage.getItem('cds-cursor') !== null;

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function show(reply, who, extraClass) {
    const div = document.createElement('div');
    div.className = 'msg ' + who + (extraClass ? ' ' + extraClass : '');
    div.textContent = reply.text;
    if (reply.buttons && reply.buttons.length) {
      const box = document.createElement('div');
      box.className = 'buttons';
      reply.buttons.forEach(function (b, i) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = i + 1 + '. ' + b.title;
        button.addEventListener('click', function () {
          box.querySelectorAll('button').forEach(function (x) { x.disabled = true; });
          send({ payload: b.payload }, b.title);
        });
        box.appendChild(button);
      });
      div.appendChild(box);
    }
    log.appendChild(div);
    scrollDown();
  }

  function showError(text) {
    const div = document.createElement('div');
    div.className = 'error';
    div.textContent = text;
    log.appendChild(div);
    scrollDown();
  }

  async function send(body, echo) {
    show({ text: echo }, 'me');
    try {
      const res = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.assign({ userId: userId }, body)),
      });
      const data = await res.json();
      // The server's own words (Vietnamese), without the field name it starts with ("text: ").
      if (!res.ok) return showError((data.error || 'Có lỗi, bạn thử lại nhé.').replace(/^[A-Za-z.]+: /, ''));
      data.replies.forEach(function (r) { show(r, 'bot'); });
    } catch {
      showError('Mất kết nối. Bạn kiểm tra mạng rồi gửi lại nhé.');
    }
  }

  async function poll() {
    try {
      const url = '/api/chat/messages?userId=' + encodeURIComponent(userId) + (cursor ? '&after=' + encodeURIComponent(cursor) : '');
      const res = await fetch(url);
      if (res.ok) {
        const data = await res.json();
        if (primed) data.messages.forEach(function (m) { show(m, 'bot', 'pushed'); });
        primed = true;
        cursor = data.cursor || cursor;
        localStorage.setItem('cds-cursor', cursor);
      }
    } catch {
      // offline: try again at the next tick
    }
    setTimeout(poll, POLL_MS);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text: text }, text);
  });

  if (!localStorage.getItem('cds-started')) {
    localStorage.setItem('cds-started', '1');
    send({ text: 'xin chào' }, 'Xin chào');
  } else {
    send({ payload: 'cmd:menu' }, 'Menu');
  }
  poll();
})();
