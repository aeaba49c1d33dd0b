// The token (kept for this tab only) and calls to /admin/api with it.
const KEY = 'cds-admin-token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Called when the server refuses the token: the page goes back to the login form. */
let onUnauthorised = () => {};
export function whenUnauthorised(handler) {
  onUnauthorised = handler;
}

export class Unauthorised extends Error {}

/** fetch() with the token; a refused token calls the login back, any other error throws its Vietnamese message. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { authorization: 'Bearer ' + token.get() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 401) {
    token.clear();
    onUnauthorised();
    throw new Unauthorised('Mã truy cập không đúng.');
  }
  if (!res.ok) {
    const answer = await res.json().catch(() => ({}));
    throw new Error(answer.error || 'Lỗi máy chủ (' + res.status + ')');
  }
  return res;
}

export const getJson = async (path) => (await api(path)).json();

/** Saves a response as a file the browser downloads. */
export async function download(path, filename) {
  const blob = await (await api(path)).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
