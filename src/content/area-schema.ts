import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { fold } from '../lib/text/normalize.js';
import { ContentError, formatPath } from './load.js';

/**
 * Digits only, in a Vietnamese format: a mobile (10 digits, 03/05/07/08/09), a landline
 * (02 + area code + number, 11 digits), a 1800/1900 line (8 or 10 digits) or 111-115.
 */
const PHONE = /^(0[35789]\d{8}|02\d{9}|1[89]00(\d{4}|\d{6})|11[1-5])$/;
const PHONE_HELP =
  'must be a Vietnamese phone number in quotes, digits only, e.g. "0912345678", "02033825555" or "19000368"';
const phone = z.string({ error: PHONE_HELP }).regex(PHONE, PHONE_HELP);
const ZALO_LINK = /^https:\/\/zalo\.me\/[A-Za-z0-9_.-]+$/;
const ZALO_HELP = 'must be the Zalo phone number in quotes (digits only) or a link like "https://zalo.me/..."';

export const contactSchema = z.strictObject({
  /** Who to ask: "Công an phường Việt Hưng", "Tổ công nghệ số cộng đồng ...". */
  name: z
    .string({ error: 'must name the contact' })
    .trim()
    .min(3, 'must name the contact (at least 3 characters)')
    .max(120),
  phone: phone.optional(),
  zalo: z
    .string({ error: ZALO_HELP })
    .refine((v) => PHONE.test(v) || ZALO_LINK.test(v), ZALO_HELP)
    .optional(),
  /** Free text, e.g. "Thứ 2 - thứ 6, 7:30 - 17:00". */
  hours: z.string().trim().min(3).max(120).optional(),
});

const areaId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case ASCII words joined by "-" (at most 40 characters)');

export const areaFileSchema = z.strictObject({
  province: z.string().trim().min(2),
  /** The legal act that sets the list, and where any phone number comes from. */
  source: z.union(
    [
      z
        .string()
        .min(3)
        .transform((s) => [s]),
      z.array(z.string().min(3)).min(1),
    ],
    {
      error: 'must name the source of the list (the resolution that sets it) and of any phone number',
    },
  ),
  /** Former communes split between several new ones: a citizen typing one is asked again, not guessed. */
  splitNames: z.array(z.string().trim().min(2)).default([]),
  /** Province-wide help, offered when an area has no phone number of its own. */
  fallbackContacts: z.array(contactSchema).min(1, 'must list at least one province-wide contact'),
  areas: z
    .array(
      z.strictObject({
        id: areaId,
        name: z.string().trim().min(2),
        /** Other ways to write the name, and names of former communes wholly merged into this one. */
        aliases: z.array(z.string().trim().min(2)).default([]),
        /** Adult population, for coverage (completions ÷ adults); only where a source gives it. */
        adults: z.number().int().positive().optional(),
        contacts: z.array(contactSchema).default([]),
      }),
    )
    .min(1),
});

export type AreaFile = z.output<typeof areaFileSchema>;
export type Area = AreaFile['areas'][number];
export type Contact = z.output<typeof contactSchema>;

/** What a citizen's text is compared on: folded, without "phường", "xã", "đặc khu"... */
export const AREA_PREFIX = /^(phuong|xa|thi tran|tt|dac khu|p|x|khu pho|thon|to dan pho)\s+/;
export const areaKey = (text: string): string => fold(text).replace(AREA_PREFIX, '').trim();

/** Problems the schema cannot see: ids and names (or aliases) that two areas share. */
function crossProblems(file: AreaFile, label: string): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const keys = new Map<string, string>();
  file.areas.forEach((area, i) => {
    const owner = ids.get(area.id);
    if (owner) problems.push(`${label}: areas[${i}].id: "${area.id}" is already used by ${owner}`);
    else ids.set(area.id, `areas[${i}] (${area.name})`);
    for (const [j, name] of [area.name, ...area.aliases].entries()) {
      const path = j === 0 ? `areas[${i}].name` : `areas[${i}].aliases[${j - 1}]`;
      const key = areaKey(name);
      const owner = keys.get(key);
      if (owner && owner !== area.id)
        problems.push(`${label}: ${path}: "${name}" also names ${owner}, so a citizen typing it could not be placed`);
      else keys.set(key, area.id);
    }
  });
  file.splitNames.forEach((name, i) => {
    const owner = keys.get(areaKey(name));
    if (owner)
      problems.push(`${label}: splitNames[${i}]: "${name}" also names ${owner}; a split name cannot place anyone`);
  });
  return problems;
}

/** Reads and checks an area list; throws ContentError naming the file and the path of every problem. */
export function loadAreaFile(file: string, label = file): AreaFile {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ContentError([`${label}: not readable YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = areaFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ContentError(parsed.error.issues.map((i) => `${label}: ${formatPath(i.path) || '(file)'}: ${i.message}`));
  }
  const problems = crossProblems(parsed.data, label);
  if (problems.length) throw new ContentError(problems);
  return parsed.data;
}

/** Every problem in the shipped area lists (knowledge/areas/*.yaml) and in `extra` (AREAS_FILE). */
export function areaFilesProblems(rootDir: string, extra?: string): string[] {
  const dir = join(rootDir, 'knowledge', 'areas');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => ({ file: join(dir, f), label: `knowledge/areas/${f}` }))
    : [];
  if (extra && !files.some((f) => resolve(f.file) === resolve(extra))) files.push({ file: extra, label: extra });
  if (!files.length) return ["knowledge/areas/: no area list (the province's communes and wards) found"];
  return files.flatMap(({ file, label }) => {
    try {
      loadAreaFile(file, label);
      return [];
    } catch (error) {
      if (error instanceof ContentError) return error.problems;
      return [`${label}: cannot be read: ${(error as Error).message}`];
    }
  });
}
