/**
 * How many cases a property-based test runs: `full` times FUZZ_SCALE. CI (.ci/run) sets
 * FUZZ_SCALE=1; locally a tenth keeps `npm test` short while still trying every property.
 */
export function fuzzRuns(full: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FUZZ_SCALE ?? '0.1';
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`FUZZ_SCALE must be a number above 0, not ${JSON.stringify(raw)}`);
  return Math.max(10, Math.round(full * scale));
}
