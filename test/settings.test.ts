import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORE_SETTINGS } from '../src/config.js';
import { TELEGRAM_SETTINGS } from '../src/channels/telegram/config.js';
import { ZALO_SETTINGS } from '../src/channels/zalo/config.js';
import { freePort, spawnGroup, waitForHealth } from './helpers/processes.js';

const ROOT = process.cwd();
/** Every setting the server reads: the core's, each channel's, and the log level (log.ts). */
const CODE = [...CORE_SETTINGS, ...ZALO_SETTINGS, ...TELEGRAM_SETTINGS, 'LOG_LEVEL'].sort();

describe('the settings', () => {
  it('are listed once each in the README table, the same as in .env.example and in the code', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Settings'),
      readme.indexOf('\n## ', readme.indexOf('## Settings') + 1),
    );
    const table = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);
    expect(new Set(table).size).toBe(table.length);
    expect([...table].sort()).toEqual(CODE);
    const example = [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(new Set(example).size).toBe(example.length);
    expect([...example].sort()).toEqual(CODE);
  });
});

describe('.env', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')]);
  });

  it('is read from the working directory when present, and the environment wins over it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cds-env-'));
    const dataDir = join(cwd, 'from-env-file');
    const port = await freePort();
    writeFileSync(
      join(cwd, '.env'),
      [
        '# as copied from .env.example and edited',
        `DATA_DIR=${dataDir}`,
        `CONTENT_DIR=${ROOT}`,
        `AREAS_FILE=${join(ROOT, 'knowledge/areas/quang-ninh.yaml')}`,
        'HOST=127.0.0.1',
        'PORT=1',
        'ADMIN_TOKEN=env-file-admin-token-0123456789',
        'LOG_LEVEL=info',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    for (const name of CODE) if (name !== 'PORT') delete env[name];
    const server = spawnGroup(process.execPath, [join(ROOT, 'dist/main.js')], { cwd, env });
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, server.child, server.output);
      // PORT came from the environment (the file's 1 would have failed); the rest from the file.
      expect(existsSync(join(dataDir, 'events.jsonl'))).toBe(true);
      const admin = await fetch(`http://127.0.0.1:${port}/admin/api/stats`, {
        headers: { authorization: 'Bearer env-file-admin-token-0123456789' },
      });
      expect(admin.status).toBe(200);
      expect(server.output()).toContain('settings read from .env');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    }
  }, 60_000);
});
