// Compiles src/**/*.ts to dist/ (ES modules, one file per source, source maps), for `npm start`.
// esbuild only strips types (a fraction of a second; tsc takes half a minute here), so it runs on
// every start and a changed source is never served stale; `npm test` does the type checking.
// A file whose output has not changed is not rewritten, so a read-only install that is up to date
// starts too; each write is a rename, so two builds at once never leave a half-written file.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'dist');

const entryPoints = readdirSync(src, { recursive: true })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join(src, f));
const result = await build({
  entryPoints,
  outdir: out,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  write: false,
  logLevel: 'error',
});

const wanted = new Set();
let written = 0;
for (const file of result.outputFiles) {
  wanted.add(file.path);
  if (existsSync(file.path) && readFileSync(file.path).equals(Buffer.from(file.contents))) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
  written++;
}
// Outputs of sources that no longer exist.
if (existsSync(out)) {
  for (const f of readdirSync(out, { recursive: true })) {
    const path = join(out, f);
    if (/\.js(\.map)?$/.test(f) && !wanted.has(path)) rmSync(path, { force: true });
  }
}
if (written) console.error(`build: ${written} file(s) written to ${relative(process.cwd(), out) || '.'}`);
