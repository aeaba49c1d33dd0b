import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An empty getUpdates is answered after this long, as the real Bot API's long poll would wait. */
const EMPTY_POLL_PAUSE_MS = 40;

/**
 * A Bot API root in front of telegram-test-api. The emulator answers an empty getUpdates at once,
 * so a polling bot would spin; this pauses such answers briefly. Point TELEGRAM_API_ROOT at `url`.
 */
export async function pacedBotApi(emulatorUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(
            ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
          ),
        ) as Record<string, string>;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        try {
          const answer = await fetch(`${emulatorUrl}${req.url}`, {
            method: req.method,
            headers,
            ...(body ? { body } : {}),
          });
          const text = await answer.text();
          if (req.url?.endsWith('/getUpdates') && /"result"\s*:\s*\[\s*\]/.test(text))
            await new Promise((r) => setTimeout(r, EMPTY_POLL_PAUSE_MS));
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(text);
        } catch {
          res.writeHead(502).end();
        }
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
