import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium (no browser download): CHROMIUM_PATH, else /usr/bin/chromium. Without it the
 * browser suites are skipped with a loud line, unless REQUIRE_BROWSER=1 (as .ci/run sets), where a
 * missing browser fails the run: CI can never skip them.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const REQUIRED = process.env.REQUIRE_BROWSER === '1';
export const HAVE_BROWSER = existsSync(CHROMIUM);

export const SKIP_NOTICE =
  `BROWSER TESTS SKIPPED: no chromium at ${CHROMIUM}. ` +
  'Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary; ' +
  'REQUIRE_BROWSER=1 makes a missing browser an error (CI sets it).';

/** True when the suite runs; otherwise says loudly why not (or throws when the browser is required). */
export function browserAvailable(suite: string): boolean {
  if (HAVE_BROWSER) return true;
  if (REQUIRED)
    throw new Error(
      `REQUIRE_BROWSER=1 but there is no chromium at ${CHROMIUM} (set CHROMIUM_PATH or install Debian's chromium)`,
    );
  const line = '!'.repeat(100);
  console.warn(`\n${line}\n${suite}: ${SKIP_NOTICE}\n${line}\n`);
  return false;
}

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
