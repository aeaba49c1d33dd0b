import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { startTestServer } from './helpers/server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

async function headersOf(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return { hsts: res.headers.get('strict-transport-security'), csp: res.headers.get('content-security-policy') ?? '' };
}

describe('HTTPS-only headers', () => {
  let local: Server;
  let behindOtherProxy: Server;
  beforeAll(async () => {
    // The default trusts a proxy on this machine (the tests connect from 127.0.0.1).
    local = await startTestServer();
    // A server that trusts only a proxy at another address: our X-Forwarded-Proto is not believed.
    behindOtherProxy = await startTestServer(undefined, { TRUST_PROXY: '10.1.2.3' });
  });
  afterAll(async () => {
    await local?.cleanup();
    await behindOtherProxy?.cleanup();
  });

  it('are not sent over plain HTTP, so the page and its files load from http://', async () => {
    for (const path of ['/', '/chat.css', '/api/chat/messages?userId=abc', '/admin/']) {
      const { hsts, csp } = await headersOf(local.url + path);
      expect(hsts, path).toBeNull();
      expect(csp, path).not.toContain('upgrade-insecure-requests');
    }
    // The rest of the policy stays.
    expect((await headersOf(`${local.url}/`)).csp).toContain("default-src 'self'");
  });

  it('are sent when a trusted proxy says the request came over HTTPS', async () => {
    const { hsts, csp } = await headersOf(`${local.url}/`, { 'x-forwarded-proto': 'https' });
    expect(hsts).toMatch(/^max-age=\d+/);
    expect(csp).toContain('upgrade-insecure-requests');
    expect(csp).toContain("default-src 'self'");
  });

  it('are not sent when the proxy says http', async () => {
    const { hsts, csp } = await headersOf(`${local.url}/`, { 'x-forwarded-proto': 'http' });
    expect(hsts).toBeNull();
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('ignore X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    const { hsts, csp } = await headersOf(`${behindOtherProxy.url}/`, { 'x-forwarded-proto': 'https' });
    expect(hsts).toBeNull();
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('with TRUST_PROXY=false nobody is believed', async () => {
    const off = await startTestServer(undefined, { TRUST_PROXY: false });
    try {
      expect((await headersOf(`${off.url}/`, { 'x-forwarded-proto': 'https' })).hsts).toBeNull();
    } finally {
      await off.cleanup();
    }
  });
});

describe('the TRUST_PROXY setting', () => {
  it('defaults to the loopback addresses', () => {
    expect(readConfig({}).TRUST_PROXY).toBe('loopback');
  });

  it('reads true, false, hop counts, addresses and subnets', () => {
    expect(readConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(readConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(readConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.168.1.7/255.255.255.0' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8, fd00::/8, 192.168.1.7/255.255.255.0',
    );
  });

  it('refuses a value express would not understand, naming the setting', () => {
    expect(() => readConfig({ TRUST_PROXY: 'nginx.local' })).toThrow(/TRUST_PROXY/);
    expect(() => readConfig({ TRUST_PROXY: '10.0.0.0/8,' })).toThrow(/TRUST_PROXY/);
  });
});
