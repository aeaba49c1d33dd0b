import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../src/content/load.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the real content that a test may break. */
function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cds-content-'));
  dirs.push(dir);
  cpSync('flows', join(dir, 'flows'), { recursive: true });
  cpSync('knowledge', join(dir, 'knowledge'), { recursive: true });
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadContent(dir);
    return [];
  } catch (error) {
    if (error instanceof ContentError) return error.problems;
    throw error;
  }
}

function editFile(path: string, change: (text: string) => string) {
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

describe('content validation', () => {
  it('accepts the shipped flows and knowledge', () => {
    const content = loadContent(process.cwd());
    expect([...content.flows.keys()].sort()).toEqual(['e-health-record', 'online-fee-payment', 'qr-payment', 'vneid-level2']);
    expect(content.knowledge.size).toBeGreaterThanOrEqual(47);
  });

  it('names the file and the path of a link to a missing step', () => {
    const dir = contentCopy();
    editFile(join(dir, 'flows/qr-payment.yaml'), (t) => t.replace('next: check-name', 'next: nowhere'));
    expect(problems(dir)).toContainEqual(expect.stringMatching(/^flows\/qr-payment\.yaml: steps\[1\]\.options\[0\]\.next: no step "nowhere"/));
  });

  it('finds steps that cannot be reached and flows where option 1 does not complete', () => {
    const dir = contentCopy();
    editFile(join(dir, 'flows/qr-payment.yaml'), (t) => t.replace(/next: scan-fail/g, 'next: open-app'));
    editFile(join(dir, 'flows/e-health-record.yaml'), (t) => t.replace('      - label: Đã có VNeID mức 2\n        says: yes\n        aliases: [có mức 2, có vneid rồi]\n        next: update-app', '      - label: Đã có VNeID mức 2\n        says: yes\n        next: no-level2'));
    const found = problems(dir);
    expect(found).toContainEqual(expect.stringMatching(/^flows\/qr-payment\.yaml: steps\[\d+\]: step "scan-fail" cannot be reached/));
    expect(found).toContainEqual(expect.stringMatching(/^flows\/e-health-record\.yaml: steps: answering option 1 .* does not reach a completed end step/));
  });

  it('finds a loop with no way out', () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'flows/loop.yaml'),
      readFileSync('flows/qr-payment.yaml', 'utf8')
        .replace('id: qr-payment', 'id: loop-test')
        .replace(/next: paused/g, 'next: human-help'),
    );
    expect(problems(dir)).toContainEqual(expect.stringMatching(/^flows\/loop\.yaml: steps\[\d+\]: no path from step "human-help" reaches an end step/));
  });

  it('names schema errors in knowledge files, such as a missing source', () => {
    const dir = contentCopy();
    editFile(join(dir, 'knowledge/vneid.yaml'), (t) => t.replace(/ {2}source:\n( {4}- .*\n)+/, ''));
    expect(problems(dir)).toContainEqual('knowledge/vneid.yaml: [0].source: must name the public source(s) of the facts: a text or a list of texts');
  });

  it('refuses to start on invalid content, with the same messages', () => {
    const dir = contentCopy();
    editFile(join(dir, 'flows/qr-payment.yaml'), (t) => t.replace('next: check-name', 'next: nowhere'));
    let output = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/main.ts')], {
        env: { ...process.env, CONTENT_DIR: dir, PORT: '0', DATA_DIR: join(dir, 'data') },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { status: number; stderr: string };
      expect(e.status).toBe(1);
      output = e.stderr;
    }
    expect(output).toContain('flows/qr-payment.yaml: steps[1].options[0].next: no step "nowhere"');
  });
});
