import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { areaFilesProblems } from '../src/content/area-schema.js';
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
    expect([...content.flows.keys()].sort()).toEqual([
      'e-health-record',
      'online-fee-payment',
      'qr-payment',
      'vneid-level2',
    ]);
    expect(content.knowledge.size).toBeGreaterThanOrEqual(47);
  });

  it('names the file and the path of a link to a missing step', () => {
    const dir = contentCopy();
    editFile(join(dir, 'flows/qr-payment.yaml'), (t) => t.replace('next: check-name', 'next: nowhere'));
    expect(problems(dir)).toContainEqual(
      expect.stringMatching(/^flows\/qr-payment\.yaml: steps\[1\]\.options\[0\]\.next: no step "nowhere"/),
    );
  });

  it('finds steps that cannot be reached and flows where option 1 does not complete', () => {
    const dir = contentCopy();
    editFile(join(dir, 'flows/qr-payment.yaml'), (t) => t.replace(/next: scan-fail/g, 'next: open-app'));
    editFile(join(dir, 'flows/e-health-record.yaml'), (t) =>
      t.replace(
        '      - label: Đã có VNeID mức 2\n        says: yes\n        aliases: [có mức 2, có vneid rồi]\n        next: update-app',
        '      - label: Đã có VNeID mức 2\n        says: yes\n        next: no-level2',
      ),
    );
    const found = problems(dir);
    expect(found).toContainEqual(
      expect.stringMatching(/^flows\/qr-payment\.yaml: steps\[\d+\]: step "scan-fail" cannot be reached/),
    );
    expect(found).toContainEqual(
      expect.stringMatching(
        /^flows\/e-health-record\.yaml: steps: answering option 1 .* does not reach a completed end step/,
      ),
    );
  });

  it('finds a loop with no way out', () => {
    const dir = contentCopy();
    writeFileSync(
      join(dir, 'flows/loop.yaml'),
      readFileSync('flows/qr-payment.yaml', 'utf8')
        .replace('id: qr-payment', 'id: loop-test')
        .replace(/next: paused/g, 'next: human-help'),
    );
    expect(problems(dir)).toContainEqual(
      expect.stringMatching(/^flows\/loop\.yaml: steps\[\d+\]: no path from step "human-help" reaches an end step/),
    );
  });

  it('names schema errors in knowledge files, such as a missing source', () => {
    const dir = contentCopy();
    editFile(join(dir, 'knowledge/vneid.yaml'), (t) => t.replace(/ {2}source:\n( {4}- .*\n)+/, ''));
    expect(problems(dir)).toContainEqual(
      'knowledge/vneid.yaml: [0].source: must name the public source(s) of the facts: a text or a list of texts',
    );
  });

  it('names a knowledge entry whose source is a placeholder or too short to say where the facts come from', () => {
    const dir = contentCopy();
    editFile(join(dir, 'knowledge/id-card.yaml'), (t) => t.replace(/ {2}source:\n( {4}- .*\n)+/, '  source: TODO\n'));
    editFile(join(dir, 'knowledge/vneid-services.yaml'), (t) =>
      t.replace(/(- id: vneid-expiry[\s\S]*?) {2}source:\n( {4}- .*\n)+/, '$1  source: [báo]\n'),
    );
    const found = problems(dir);
    expect(found).toContain(
      'knowledge/id-card.yaml: [0].source[0]: is too short to name a source: give the publisher or page, or the legal act and its number',
    );
    expect(found).toContain(
      'knowledge/vneid-services.yaml: [2].source[0]: is too short to name a source: give the publisher or page, or the legal act and its number',
    );
    editFile(join(dir, 'knowledge/id-card.yaml'), (t) =>
      t.replace('  source: TODO\n', '  source: "TODO: tìm nguồn sau"\n'),
    );
    expect(problems(dir)).toContain('knowledge/id-card.yaml: [0].source[0]: is a placeholder, not a source');
  });

  it('names a required topic that no knowledge file answers', () => {
    const dir = contentCopy();
    editFile(join(dir, 'knowledge/vneid-services.yaml'), (t) =>
      t.replace('- id: vneid-expiry', '- id: vneid-expiry-renamed'),
    );
    expect(problems(dir)).toEqual(['knowledge/: the required topic "vneid-expiry" is missing']);
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

  describe('area lists', () => {
    const shipped = () => readFileSync('knowledge/areas/quang-ninh.yaml', 'utf8');
    function areaProblems(text: string): string[] {
      const dir = mkdtempSync(join(tmpdir(), 'cds-areas-'));
      dirs.push(dir);
      mkdirSync(join(dir, 'knowledge/areas'), { recursive: true });
      writeFileSync(join(dir, 'knowledge/areas/test.yaml'), text);
      return areaFilesProblems(dir);
    }

    it('accepts the shipped list', () => {
      expect(areaFilesProblems(process.cwd())).toEqual([]);
    });

    it('names an id used twice, a name or alias that two areas share, and a split name that places someone', () => {
      const text = shipped()
        .replace('  - id: cao-xanh\n', '  - id: bai-chay\n')
        .replace('aliases: [Hà Phong]', 'aliases: [Hà Phong, Giếng Đáy]')
        .replace('splitNames: [Hà Khẩu,', 'splitNames: [Hà Khẩu, Hùng Thắng,');
      const found = areaProblems(text);
      expect(found).toContainEqual(
        expect.stringMatching(
          /^knowledge\/areas\/test\.yaml: areas\[1\]\.id: "bai-chay" is already used by areas\[0\] \(Phường Bãi Cháy\)$/,
        ),
      );
      expect(found).toContain(
        'knowledge/areas/test.yaml: splitNames[1]: "Hùng Thắng" also names bai-chay; a split name cannot place anyone',
      );
      expect(found).toContainEqual(
        expect.stringMatching(
          /^knowledge\/areas\/test\.yaml: areas\[\d+\]\.aliases\[0\]: "Giếng Đáy" also names ha-tu, so a citizen typing it could not be placed$/,
        ),
      );
    });

    it('names phone numbers that are not digits in a Vietnamese format, unnamed contacts and unknown fields', () => {
      const text = shipped()
        .replace(
          '      - name: Công an phường Bãi Cháy\n',
          '      - name: Công an phường Bãi Cháy\n        phone: "0203 3846 111"\n',
        )
        .replace(
          '      - name: Công an phường Cao Xanh\n',
          '      - name: Công an phường Cao Xanh\n        phone: 912345678\n',
        )
        .replace(
          '      - name: Công an phường Hà Lầm\n',
          '      - name: Công an phường Hà Lầm\n        phone: "12345"\n        tel: "0912345678"\n',
        )
        .replace(
          '      - name: Tổ công nghệ số cộng đồng phường Hạ Long\n',
          '      - name: ""\n        zalo: "zalo.com/abc"\n',
        );
      const found = areaProblems(text);
      const phone =
        'must be a Vietnamese phone number in quotes, digits only, e.g. "0912345678", "02033825555" or "19000368"';
      expect(found).toContain(`knowledge/areas/test.yaml: areas[0].contacts[0].phone: ${phone}`);
      expect(found).toContain(`knowledge/areas/test.yaml: areas[1].contacts[0].phone: ${phone}`);
      expect(found).toContain(`knowledge/areas/test.yaml: areas[2].contacts[0].phone: ${phone}`);
      expect(found).toContainEqual(
        expect.stringMatching(/^knowledge\/areas\/test\.yaml: areas\[2\]\.contacts\[0\]: .*"tel"/),
      );
      expect(found).toContain(
        'knowledge/areas/test.yaml: areas[3].contacts[2].name: must name the contact (at least 3 characters)',
      );
      expect(found).toContain(
        'knowledge/areas/test.yaml: areas[3].contacts[2].zalo: must be the Zalo phone number in quotes (digits only) or a link like "https://zalo.me/..."',
      );
    });

    it('accepts mobile, landline, 1900 and Zalo numbers written as digits', () => {
      const text = shipped().replace(
        '      - name: Công an phường Bãi Cháy\n',
        '      - name: Công an phường Bãi Cháy\n        phone: "02033846111"\n        zalo: "0912345678"\n        hours: "Thứ 2 - thứ 6, 7:30 - 17:00"\n      - name: Tổng đài\n        phone: "19001234"\n',
      );
      expect(areaProblems(text)).toEqual([]);
    });

    it('asks for the source of the list and a province-wide contact', () => {
      const text = shipped()
        .replace(/^source:\n( {2}- .*\n)+/m, '')
        .replace(/^fallbackContacts:\n( {2}.*\n)+/m, 'fallbackContacts: []\n');
      const found = areaProblems(text);
      expect(found).toContain(
        'knowledge/areas/test.yaml: source: must name the source of the list (the resolution that sets it) and of any phone number',
      );
      expect(found).toContain(
        'knowledge/areas/test.yaml: fallbackContacts: must list at least one province-wide contact',
      );
    });

    it('fails npm run validate, naming the file, when AREAS_FILE is malformed', () => {
      const dir = mkdtempSync(join(tmpdir(), 'cds-areas-'));
      dirs.push(dir);
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, shipped().replace('  - id: cao-xanh\n', '  - id: Cao Xanh\n'));
      let output = '';
      try {
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts'], {
          env: { ...process.env, AREAS_FILE: bad },
          encoding: 'utf8',
          stdio: 'pipe',
        });
      } catch (error) {
        const e = error as { status: number; stderr: string };
        expect(e.status).toBe(1);
        output = e.stderr;
      }
      expect(output).toContain(
        `${bad}: areas[1].id: must be lower-case ASCII words joined by "-" (at most 40 characters)`,
      );
    });
  });
});
