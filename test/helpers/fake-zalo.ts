import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A local stand-in for Zalo's API and OAuth servers (reached through ZALO_API_BASE and
 * ZALO_OAUTH_BASE). It records every request; answers come from queues a test fills, with
 * success as the default.
 */
export async function fakeZalo() {
  const requests: Recorded[] = [];
  const sendAnswers: unknown[] = [];
  const oauthAnswers: { status: number; body: unknown }[] = [];
  let refreshes = 0;
  const control = { hang: false, delayMs: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v3.0/oa/message/cs' && control.hang) return; // never answers, like a server that died mid-request
      if (req.url === '/v3.0/oa/message/cs') {
        const answer = sendAnswers.shift() ?? {
          error: 0,
          message: 'Success',
          data: { message_id: `m${requests.length}`, user_id: JSON.parse(body).recipient.user_id },
        };
        // A slow platform (control.delayMs): sends stay in flight a while.
        setTimeout(() => res.end(JSON.stringify(answer)), control.delayMs);
      } else if (req.url === '/v4/oa/access_token') {
        refreshes++;
        const answer = oauthAnswers.shift() ?? {
          status: 200,
          body: { access_token: `access-${refreshes}`, refresh_token: `refresh-${refreshes}`, expires_in: '90000' },
        };
        res.statusCode = answer.status;
        res.end(JSON.stringify(answer.body));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    sendAnswers,
    oauthAnswers,
    control,
    sends: () =>
      requests
        .filter((r) => r.path === '/v3.0/oa/message/cs')
        .map((r) => ({ token: r.headers.access_token, ...JSON.parse(r.body) })),
    refreshRequests: () => requests.filter((r) => r.path === '/v4/oa/access_token'),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        // Requests left hanging (control.hang) would keep it open.
        server.closeAllConnections();
      }),
  };
}

/** The settings that turn the Zalo channel on against the stand-in at `baseUrl`. */
export function zaloSettings(baseUrl: string, appId: string, oaSecret: string) {
  return {
    ZALO_APP_ID: appId,
    ZALO_APP_SECRET: 'app-secret',
    ZALO_OA_SECRET_KEY: oaSecret,
    ZALO_ACCESS_TOKEN: 'access-0',
    ZALO_REFRESH_TOKEN: 'refresh-0',
    ZALO_API_BASE: baseUrl,
    ZALO_OAUTH_BASE: baseUrl,
  };
}
