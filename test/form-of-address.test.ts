import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { HUMAN_HELP, WELCOME, text } from '../src/core/messages.js';
import { sensitiveWarning } from '../src/core/sensitive.js';

// The bot calls the citizen "ông/bà" and itself "tôi", everywhere. "bạn" never addresses the
// citizen (only "bạn bè", "kết bạn" are words of their own); "mình" only as "oneself" ("của
// mình", "đứng tên mình", "một mình").
const YOU = /(?<![\p{L}])(?<!kết )bạn(?! bè)(?![\p{L}])/iu;
const WE = /(?<![\p{L}])(?<!(?:của|tên|chính|một|tự) )mình(?![\p{L}])/iu;
const addressing = (s: string) => YOU.test(s) || WE.test(s);

describe('one form of address', () => {
  it('in every flow step, button, title, knowledge answer and out-of-scope reply', () => {
    const content = loadContent(process.cwd());
    const texts: [string, string][] = [];
    for (const flow of content.flows.values()) {
      texts.push([`${flow.id} summary`, flow.summary], [`${flow.id} title`, flow.title], [flow.id, flow.menuLabel]);
      for (const step of flow.steps) {
        for (const m of step.messages) texts.push([`${flow.id}/${step.id}`, m]);
        for (const o of step.options) texts.push([`${flow.id}/${step.id} button`, o.label]);
      }
    }
    // A knowledge title is what its suggestion button says.
    for (const entry of content.knowledge.values())
      for (const m of [entry.title, ...entry.answer]) texts.push([entry.id, m]);
    for (const topic of content.outside.values()) texts.push([topic.id, topic.reply]);
    expect(texts.length).toBeGreaterThan(200);
    expect(texts.filter(([, t]) => addressing(t)).map(([where, t]) => `${where}: ${t.slice(0, 80)}`)).toEqual([]);
    expect(texts.filter(([, t]) => /ông\/bà/i.test(t)).length).toBeGreaterThan(50);
  });

  it("in the bot's own words", () => {
    const sample = (v: unknown) => (typeof v === 'function' ? (v as (...a: unknown[]) => string)('X', 2) : String(v));
    const words = [
      ...Object.values(text).map(sample),
      HUMAN_HELP,
      WELCOME.text,
      sensitiveWarning(new Set(['otp', 'id-number']))!,
    ];
    expect(words.filter(addressing)).toEqual([]);
  });

  it('in every reply string in the code that answers citizens', () => {
    // Understanding (src/lib/text, src/matching) holds the citizens' own words, not replies: not scanned.
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : [],
      );
    const replyCode = [
      ...files('src/core'),
      ...files('src/flows'),
      ...files('src/reminders'),
      ...files('src/channels'),
    ];
    const found = replyCode.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/'[^'\n]*'|`[^`\n]*`|"[^"\n]*"/g)]
        .filter((m) => addressing(m[0]))
        .map((m) => `${file}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });
});
