import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userKey } from '../src/core/conversation.js';
import { chatLoad } from './helpers/load.js';
import { childrenOf, freePort, groupAlive, portIsFree, spawnGroup, waitForHealth } from './helpers/processes.js';
import { FileStore } from '../src/store/file-store.js';
import { tempDataDir } from './helpers/server.js';
import { allEvents } from './helpers/store.js';
import type { EventCursor } from '../src/store/store.js';

type Target = 'server' | 'npm' | 'group';

/**
 * `npm start` as a supervisor runs it: its own process group, a signal to one of its processes
 * while citizens are talking, then a restart on the same DATA_DIR.
 */
async function startAndStop(signal: NodeJS.Signals, target: Target) {
  const port = await freePort();
  const dataDir = tempDataDir();
  const npm = spawnGroup('npm', ['start'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'info',
      ADMIN_TOKEN: '',
      TEAM_TOKENS: '',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, npm.child, npm.output);
  // The process npm created is the server itself (no shell in between).
  const [server, ...others] = childrenOf(npm.child.pid!);
  expect(others).toEqual([]);
  expect(readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0')).toContain('dist/main.js');

  const load = chatLoad(url);
  await load.untilAcknowledged(40);
  if (target === 'server') process.kill(server!, signal);
  else if (target === 'npm') process.kill(npm.child.pid!, signal);
  else process.kill(-npm.child.pid!, signal);
  const exit = await npm.exited;
  await load.stop();
  return { exit, port, dataDir, load, pgid: npm.child.pid!, output: npm.output() };
}

describe('npm start', () => {
  it.each<[NodeJS.Signals, Target]>([
    ['SIGTERM', 'server'],
    ['SIGTERM', 'npm'],
    ['SIGTERM', 'group'],
    ['SIGINT', 'group'],
  ])(
    'stops cleanly on %s sent to the %s, keeping every acknowledged message',
    async (signal, target) => {
      const { exit, port, dataDir, load, pgid, output } = await startAndStop(signal, target);
      expect(exit, output).toEqual({ code: 0, signal: null });
      expect(output).toContain(`${signal}: finishing messages in progress`);
      expect(output).toContain('"msg":"stopped"');
      // Nothing left running, and the port is free for the next start.
      // (npm may exit a moment before the system has reaped the server it started.)
      await expect.poll(() => groupAlive(pgid), { timeout: 5_000 }).toBe(false);
      expect(await portIsFree(port)).toBe(true);

      // The store was written out: the journal is folded into the snapshot and the statistics index
      // covers the whole event log (a killed server leaves neither).
      const snapshot = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8')) as { journal: number };
      const journals = readdirSync(dataDir).filter((f) => f.startsWith('journal.'));
      expect(journals).toEqual([`journal.${snapshot.journal}.jsonl`]);
      expect(statSync(join(dataDir, journals[0]!)).size).toBe(0);
      expect(existsSync(join(dataDir, 'stats-index.json'))).toBe(true);
      const saved = JSON.parse(readFileSync(join(dataDir, 'stats-index.json'), 'utf8')) as { cursor: EventCursor };

      // The store opened again on the same DATA_DIR (as the next start does): the saved index's
      // cursor is at the end of the event log, and each citizen is on the step of the last reply they got.
      const again = await FileStore.open(dataDir);
      try {
        expect((await allEvents(again)).length).toBeGreaterThan(0);
        const after = [];
        for await (const batch of again.readEvents(saved.cursor)) after.push(...batch.events);
        expect(after).toEqual([]);
        expect(load.acknowledged.size).toBeGreaterThan(0);
        for (const [userId, step] of load.acknowledged) {
          expect((await again.getUser(userKey('web', userId)))?.session, userId).toMatchObject({
            flowId: load.flow,
            stepId: step,
          });
        }
      } finally {
        await again.release();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
