import type { Server } from 'node:http';

/**
 * Bounds how long one request may take to arrive: bodies here are at most 64 KB, so a client
 * still sending after 30 s is stuck or hostile. (Node's defaults are 60 s for headers and 300 s
 * for the whole request, checked every 30 s.)
 */
export function boundRequestTimes(server: Server, requestMs = 30_000): void {
  server.headersTimeout = Math.min(15_000, requestMs);
  server.requestTimeout = requestMs;
  // While stopping, responses say `Connection: close`, so keep-alive clients do not hold on.
  server.prependListener('request', (_req, res) => {
    if (!server.listening) res.setHeader('Connection', 'close');
  });
}

/**
 * Stops taking connections and resolves once the open ones are gone, or after `graceMs` at most:
 * idle keep-alive connections are closed at once (and again as requests finish), and whatever is
 * still open when the grace period ends (a slow body, a stuck client) is destroyed. Handlers
 * already running go on to the end: only their answer may be lost, never their work.
 * @example await closeWithin(server, 10_000)
 */
export function closeWithin(server: Server, graceMs: number): Promise<{ cutOff: boolean }> {
  return new Promise((resolve) => {
    let cutOff = false;
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      cutOff = true;
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(timer);
      resolve({ cutOff });
    });
    server.closeIdleConnections();
  });
}
