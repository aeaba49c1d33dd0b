// The web chat: a random conversation id kept in this browser, POST /api/chat for each message,
// and a poll of GET /api/chat/messages for messages the bot and the teams push. The conversation
// is kept in this browser's local storage beside its id, so a reload shows it again; the server
// keeps no more than it did. Text is always put into the page as text nodes, never as HTML.
(function () {
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const POLL_MS = 15000;
  const KEEP = 120; // bubbles kept across reloads

  const ERRORS = {
    network: 'Mất kết nối. Ông/Bà kiểm tra mạng rồi gửi lại.',
    400: 'Tin nhắn chưa gửi được. Ông/Bà gõ lại rồi gửi.',
    413: 'Tin nhắn quá dài. Ông/Bà gõ ngắn hơn (tối đa 2.000 chữ).',
    429: 'Ông/Bà gửi nhanh quá. Xin chờ một phút rồi gửi lại.',
    other: 'Hệ thống đang bận. Ông/Bà thử lại sau ít phút.',
  };

  // The server's own words when they are Vietnamese, without the field name they start with
  // ("text: "); otherwise (English, or not JSON, say from a proxy) ours for that status.
  function vietnamese(text) {
    if (typeof text !== 'string') return '';
    const words = text.replace(/^[A-Za-z.]+: /, '');
    return /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/i.test(words) ? words : '';
  }

  function conversationId() {
    let id = localStorage.getItem('cds-user');
    if (!id || !/^[A-Za-z0-9_.-]{1,64}$/.test(id)) {
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      id = 'w-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      localStorage.setItem('cds-user', id);
      localStorage.removeItem('cds-log');
    }
    return id;
  }
  const userId = conversationId();
  let cursor = localStorage.getItem('cds-cursor') || '';
  // A page that never polled before learns the cursor first; history is not replayed into it.
  let primed = localStorage.getItem('cds-cursor') !== null;

  function loadLog() {
    try {
      const kept = JSON.parse(localStorage.getItem('cds-log') || '[]');
      return Array.isArray(kept) ? kept : [];
    } catch {
      return [];
    }
  }
  const history = loadLog();
  function keep(entry) {
    history.push(entry);
    while (history.length > KEEP) history.shift();
    try {
      localStorage.setItem('cds-log', JSON.stringify(history));
    } catch {
      // storage full or off: the conversation still works, it is just not kept
    }
  }

  // Phone numbers (hotlines 1900/1800, mobile and landline numbers, and short public lines named
  // as such: "gọi 113", "Tổng đài ... 111") become tel: links; official *.gov.vn addresses links.
  const LINKS = [
    {
      re: /\b(?:https?:\/\/)?(?:[a-z0-9-]+\.)+gov\.vn(?:\/[^\s)]*[^\s).,;:!?])?/gi,
      href: (m) => (/^https?:/i.test(m) ? m : 'https://' + m),
    },
    { re: /\b1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,3})?\b/g, href: (m) => 'tel:' + m.replace(/\D/g, '') },
    {
      re: /(?:\+84|\b0)\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4}\b/g,
      href: (m) => 'tel:' + m.replace(/[^\d+]/g, ''),
      digits: [10, 11, 12],
    },
    {
      re: /(?:gọi|Gọi|tổng đài|Tổng đài|đường dây nóng|số)(?:[^\d\n]{0,40}?)\b(11[1-5]|156|1022)\b/g,
      href: (m) => 'tel:' + m,
      group: 1,
    },
  ];

  function linkify(text) {
    const found = [];
    LINKS.forEach(function (kind) {
      kind.re.lastIndex = 0;
      let m;
      while ((m = kind.re.exec(text))) {
        const value = kind.group ? m[kind.group] : m[0];
        const start = m.index + m[0].length - value.length;
        if (kind.digits && kind.digits.indexOf(value.replace(/\D/g, '').length) < 0) continue;
        found.push({ start: start, end: start + value.length, href: kind.href(value) });
      }
    });
    found.sort(function (a, b) {
      return a.start - b.start;
    });
    const fragment = document.createDocumentFragment();
    let at = 0;
    found.forEach(function (f) {
      if (f.start < at) return; // overlaps an earlier link
      fragment.appendChild(document.createTextNode(text.slice(at, f.start)));
      const a = document.createElement('a');
      a.href = f.href;
      a.textContent = text.slice(f.start, f.end);
      if (f.href.indexOf('tel:') !== 0) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
      }
      fragment.appendChild(a);
      at = f.end;
    });
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  const TIME = new Intl.DateTimeFormat('vi-VN', {
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    hour12: false,
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  function when(iso) {
    const parts = {};
    TIME.formatToParts(new Date(iso)).forEach(function (p) {
      parts[p.type] = p.value;
    });
    return parts.hour + ':' + parts.minute + ', ' + parts.day + '/' + parts.month;
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function disableOldButtons() {
    log.querySelectorAll('.buttons button').forEach(function (x) {
      x.disabled = true;
    });
  }

  function newAnswer() {
    disableOldButtons();
    answer += 1;
  }

  // Buttons of earlier answers are switched off when a new answer comes: the numbers typed refer
  // to the last one. All lists of one answer (say, "Xem thêm" and a step's options) stay on.
  let answer = history.reduce(function (n, e) {
    return Math.max(n, e.answer || 0);
  }, 0);

  // entry: {who: 'me'|'bot'|'pushed', text, buttons?, from?, at?, answer}
  function show(entry) {
    const div = document.createElement('div');
    div.className = 'msg ' + (entry.who === 'me' ? 'me' : 'bot') + (entry.who === 'pushed' ? ' pushed' : '');
    if (entry.who === 'pushed') {
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = (entry.from || 'Trợ lý Công dân số') + (entry.at ? ' · ' + when(entry.at) : '');
      div.appendChild(meta);
    }
    div.appendChild(entry.who === 'me' ? document.createTextNode(entry.text) : linkify(entry.text));
    if (entry.buttons && entry.buttons.length) {
      const box = document.createElement('div');
      box.className = 'buttons';
      entry.buttons.forEach(function (b, i) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = i + 1 + '. ' + b.title;
        button.disabled = (entry.answer || 0) < answer;
        button.addEventListener('click', function () {
          disableOldButtons();
          send({ payload: b.payload }, b.title);
        });
        box.appendChild(button);
      });
      div.appendChild(box);
    }
    log.appendChild(div);
    scrollDown();
  }

  function say(entry) {
    keep(entry);
    show(entry);
  }

  function showError(text) {
    const div = document.createElement('div');
    div.className = 'error';
    div.setAttribute('role', 'alert');
    div.textContent = text;
    log.appendChild(div);
    scrollDown();
  }

  // echo: what the citizen typed or pressed; undefined for the page's first, silent request.
  async function send(body, echo) {
    if (echo !== undefined) say({ who: 'me', text: echo });
    let res;
    try {
      res = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.assign({ userId: userId }, body)),
      });
    } catch {
      return showError(ERRORS.network);
    }
    if (!res.ok) {
      const refused = await res.json().catch(function () {
        return {};
      });
      return showError(vietnamese(refused.error) || ERRORS[res.status] || ERRORS.other);
    }
    try {
      const data = await res.json();
      newAnswer();
      data.replies.forEach(function (r) {
        say({ who: 'bot', text: r.text, buttons: r.buttons, answer: answer });
      });
    } catch {
      showError(ERRORS.network);
    }
  }

  async function poll() {
    try {
      const url =
        '/api/chat/messages?userId=' +
        encodeURIComponent(userId) +
        (cursor ? '&after=' + encodeURIComponent(cursor) : '');
      const res = await fetch(url);
      if (res.ok) {
        const data = await res.json();
        if (primed) {
          data.messages.forEach(function (m) {
            if (m.buttons && m.buttons.length) newAnswer();
            say({ who: 'pushed', text: m.text, buttons: m.buttons, from: m.from, at: m.at, answer: answer });
          });
        }
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

  if (history.length) {
    // The conversation so far, as it was; only the last list of buttons can still be pressed.
    history.forEach(show);
  } else {
    // First visit: the bot's one greeting and the menu, without a bubble the citizen did not type.
    send({ payload: 'cmd:menu' });
  }
  poll();
})();
