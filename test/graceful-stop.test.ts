import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/log.js';
import { startServer } from '../src/server.js';
import { postChat, tempDataDir } from './helpers/server.js';

const GRACE_SECONDS = 2;
/** Generous for a loaded machine, far below the minutes a slow sender held the old server. */
const EXIT_DEADLINE_MS = GRACE_SECONDS * 1000 + 20_000;

/** The server as `npm start` runs it, in its own process, on a free port. */
async function startChild(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STOP_GRACE_SECONDS: String(GRACE_SECONDS),
      RATE_LIMIT_PER_MINUTE: '0',
      USER_RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /"url":"http:\/\/localhost:(\d+)"/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready: ${out}`)));
  });
  return { child, url, exited };
}

/** A client that sends its headers and then its body one byte a second, as a slow or hostile sender does. */
function slowBody(url: string): Socket {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"userId":"slow","text":"`,
  );
  const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('a')), 1000);
  socket.on('close', () => clearInterval(drip));
  return socket;
}

describe('stopping with slow clients connected', () => {
  it('exits within the grace period after SIGTERM, keeping every message it acknowledged', async () => {
    const dataDir = tempDataDir();
    const { child, url, exited } = await startChild(dataDir);
    const slow: Socket[] = [];
    try {
      const acknowledged: string[] = [];
      for (let i = 0; i < 5; i++) {
        const reply = await postChat(url, { userId: `before-stop-${i}`, text: 'hướng dẫn thanh toán qr' });
        expect(reply.status).toBe(200);
        acknowledged.push(`before-stop-${i}`);
      }
      for (let i = 0; i < 3; i++) slow.push(slowBody(url));
      await new Promise((r) => setTimeout(r, 500));
      // Messages still in flight when the signal comes: those answered 200 must be kept too.
      const inFlight = Array.from({ length: 10 }, (_, i) =>
        postChat(url, { userId: `in-flight-${i}`, text: 'hướng dẫn thanh toán qr' }).then(
          (r) => (r.status === 200 ? acknowledged.push(`in-flight-${i}`) : undefined),
          () => undefined,
        ),
      );
      const signalledAt = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), EXIT_DEADLINE_MS)),
      ]);
      expect(code).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(EXIT_DEADLINE_MS);
      await Promise.all(inFlight);

      const again = await startServer(
        { PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR: process.cwd() },
        createLogger({ level: 'silent' }),
      );
      try {
        expect(acknowledged.length).toBeGreaterThanOrEqual(5);
        for (const id of acknowledged)
          expect((await again.store.getUser(`web:${id}`))?.session?.flowId, id).toBe('qr-payment');
      } finally {
        await again.stop();
      }
    } finally {
      for (const s of slow) s.destroy();
      child.kill('SIGKILL');
    }
  }, 120_000);
});
