import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { citizen, startTestServer } from './helpers/server.js';

describe('two servers on one DATA_DIR', () => {
  it(
    'stops the second at start-up with a clear message, and the first keeps its users',
    { timeout: 60_000 },
    async () => {
      const first = await startTestServer();
      try {
        const c = citizen(first.url, 'first-server-user');
        await c.say('hướng dẫn thanh toán qr');

        const second = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: first.dataDir, LOG_LEVEL: 'silent' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        second.stderr.on('data', (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
        expect(code).toBe(1);
        expect(stderr).toContain(`DATA_DIR ${first.dataDir} is in use by process ${process.pid}`);

        // The first server still has its person and goes on.
        expect((await first.store.getUser('web:first-server-user'))?.session?.flowId).toBe('qr-payment');
        expect((await c.say('1')).match).toMatchObject({ kind: 'flow-step', id: 'qr-payment' });
      } finally {
        await first.cleanup();
      }
    },
  );
});
