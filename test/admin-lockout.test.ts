import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/server.js';

const ADMIN = 'lockout-admin-token-0123456789';
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer(undefined, { ADMIN_TOKEN: ADMIN });
});
afterAll(async () => {
  await server.cleanup();
});

const stats = async (token: string) =>
  (await fetch(`${server.url}/admin/api/stats`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('admin sign-in failures', () => {
  it('never lock the valid token out, while wrong tokens from the same address are refused with 429', async () => {
    const wrong = [];
    for (let i = 0; i < 15; i++) wrong.push(await stats(`guess-${i}-0000000000000`));
    expect(wrong.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(wrong.slice(10)).toEqual(Array(5).fill(429));
    // Same address, same minute: the admin still gets in, again and again.
    for (let i = 0; i < 12; i++) expect(await stats(ADMIN)).toBe(200);
    expect(await stats('guess-last-0000000000000')).toBe(429);
  });
});
