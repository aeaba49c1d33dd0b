import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fuzzRuns } from './helpers/fuzz.js';

/** Runs one browser suite in its own vitest, as `npm test` on another machine would. */
function browserSuite(env: Record<string, string>) {
  const run = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', 'test/browser-plain-http.test.ts'],
    {
      // CI unset: the inner run must not write the outer run's report.
      env: { ...process.env, CI: '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm test on a machine without Chromium', () => {
  it('passes, skipping the browser suites with a loud line that says how to run them', () => {
    const run = browserSuite({ CHROMIUM_PATH: '/nonexistent/chromium', REQUIRE_BROWSER: '' });
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('BROWSER TESTS SKIPPED: no chromium at /nonexistent/chromium');
    expect(run.output).toContain('apt-get install chromium');
    expect(run.output).toContain('CHROMIUM_PATH');
    expect(run.output).toMatch(/1 skipped/);
  }, 130_000);

  it('fails when the browser is required (REQUIRE_BROWSER=1, as in CI)', () => {
    const run = browserSuite({ CHROMIUM_PATH: '/nonexistent/chromium', REQUIRE_BROWSER: '1' });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('REQUIRE_BROWSER=1 but there is no chromium at /nonexistent/chromium');
  }, 130_000);
});

describe('fuzz run counts', () => {
  it('are full with FUZZ_SCALE=1, a tenth by default, never below 10', () => {
    expect(fuzzRuns(1000, { FUZZ_SCALE: '1' })).toBe(1000);
    expect(fuzzRuns(1000, {})).toBe(100);
    expect(fuzzRuns(50, {})).toBe(10);
    expect(fuzzRuns(1000, { FUZZ_SCALE: '0.5' })).toBe(500);
    expect(() => fuzzRuns(1000, { FUZZ_SCALE: 'lots' })).toThrow(/FUZZ_SCALE/);
  });
});
