// The shape of src/ as docs/ARCHITECTURE.md draws it: layers that only import downwards, no
// import cycles, concrete stores chosen in one place, and files small enough to read in one go.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** Lower layers never import higher ones. Folders on one level may import each other. */
const LAYERS: Record<string, number> = {
  domain: 0,
  lib: 1,
  content: 2,
  flows: 3,
  matching: 3,
  store: 3,
  core: 4,
  progress: 5,
  reminders: 5,
  backup: 5,
  channels: 6,
  http: 7,
  cli: 8,
};
/** Files at the top of src/: reading settings sits low, the composition root on top. */
const ROOT_FILES: Record<string, number> = { 'config.ts': 1, 'env-file.ts': 1 };
const ROOT = 9; // server.ts, main.ts, store-choice.ts: the composition root
const MAX_LINES = 250;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, type-only and re-exports), as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)];
  return specs.map((m) => normalize(join(dirname(file), (m[1] ?? m[2] ?? '').replace(/\.js$/, '.ts'))));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const folderOf = (file: string) => relative(SRC, file).split('/').slice(0, -1)[0] ?? '.';
const layerOf = (file: string) => {
  const folder = folderOf(file);
  return folder === '.' ? (ROOT_FILES[name(file)] ?? ROOT) : LAYERS[folder];
};
const name = (file: string) => relative(SRC, file);

describe('the shape of src/', () => {
  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].map(name).join(' → '));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('imports only from its own layer or the ones below', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        expect(layerOf(file), `${name(file)} is in a folder with no layer`).toBeDefined();
        if (layerOf(target)! > layerOf(file)!) upward.push(`${name(file)} → ${name(target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the domain model free of everything else', () => {
    const outside = files
      .filter((f) => folderOf(f) === 'domain')
      .flatMap((f) =>
        graph
          .get(f)!
          .filter((t) => folderOf(t) !== 'domain')
          .map((t) => `${name(f)} → ${name(t)}`),
      );
    expect(outside).toEqual([]);
  });

  it('chooses the concrete store in one place only', () => {
    const concrete = /store\/(?!store\.ts$)[^/]+$/;
    const users = [...graph]
      .filter(([file]) => folderOf(file) !== 'store')
      .flatMap(([file, imports]) =>
        imports.filter((t) => concrete.test(name(t))).map((t) => `${name(file)} → ${name(t)}`),
      )
      .filter((edge) => !edge.startsWith('store-choice.ts') && !edge.startsWith('cli/'));
    expect(users).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => ({ file: name(f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines}`);
    expect(long).toEqual([]);
  });
});
