// The admin page: asks for a token, learns what it may see (role, areas, flows), then shows one
// view at a time by the address's #hash: statistics, the broadcast composer, and (handoffs.js)
// direct help. Other scripts join in on the "admin:ready" event, which carries the session.
import { getJson, token, whenUnauthorised } from './api.js';
import { setUpBroadcastList, loadBroadcasts } from './broadcast-list.js';
import { setUpComposer } from './composer.js';
import { loadStats, setUpDashboard } from './dashboard.js';
import { $ } from './format.js';

const VIEWS = ['thong-ke', 'gui-tin', 'ho-tro'];

function showLoggedIn(logged) {
  $('login').hidden = logged;
  $('dashboard').hidden = !logged;
  $('logout').hidden = !logged;
  $('nav').hidden = !logged;
}

function showView() {
  const wanted = location.hash.slice(1);
  const link = document.querySelector('#nav a[data-view="' + wanted + '"]');
  const view = VIEWS.includes(wanted) && link && !link.hidden ? wanted : 'thong-ke';
  document.querySelectorAll('#dashboard > [data-view]').forEach((v) => (v.hidden = v.dataset.view !== view));
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('current', a.dataset.view === view));
  document.body.dataset.view = view;
  if (view === 'gui-tin') loadBroadcasts();
}

async function start() {
  showLoggedIn(true);
  try {
    const [{ role, areas, channels }, { flows }] = await Promise.all([
      getJson('/admin/api/areas'),
      getJson('/admin/api/flows'),
    ]);
    const session = { role, areas, channels, flows };
    document.body.dataset.role = role;
    setUpDashboard(session);
    setUpBroadcastList(session);
    setUpComposer(session, loadBroadcasts);
    document.dispatchEvent(new CustomEvent('admin:ready', { detail: session }));
    showView();
    await loadStats();
  } catch {
    // api() has already gone back to the login form, or the stats view shows the error
  }
}

whenUnauthorised(() => {
  showLoggedIn(false);
  $('login-error').textContent = 'Mã truy cập không đúng.';
});

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token.set($('token').value.trim());
  $('login-error').textContent = '';
  start();
});
$('logout').addEventListener('click', () => {
  token.clear();
  showLoggedIn(false);
});
window.addEventListener('hashchange', showView);
// Counts move while a broadcast is being sent: refresh the list now and then while it is shown.
setInterval(() => {
  if (document.body.dataset.view === 'gui-tin' && !document.hidden && token.get()) loadBroadcasts();
}, 15_000);

if (token.get()) start();
else showLoggedIn(false);
