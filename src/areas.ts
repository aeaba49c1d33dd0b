import Fuse from 'fuse.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { fold } from './core/text/normalize.js';

/** Someone a citizen can reach: a phone, a Zalo number or both, and when they answer (as the source gives it). */
const contactSchema = z.strictObject({
  name: z.string().min(2),
  phone: z.string().regex(/^[0-9 .+]{3,20}$/).optional(),
  zalo: z.string().regex(/^[0-9 .+]{3,20}$/).optional(),
  hours: z.string().min(2).optional(),
});

export type Contact = z.output<typeof contactSchema>;

const areaFileSchema = z.strictObject({
  province: z.string().min(2),
  source: z.array(z.string().min(3)).min(1),
  /** Province-wide contacts, for a citizen whose area is unknown or has none of its own. */
  contacts: z.array(contactSchema).default([]),
  areas: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]{1,40}$/),
        name: z.string().min(2),
        aliases: z.array(z.string().min(2)).default([]),
        /** Adult population, for coverage (completions ÷ adults); only where a source gives it. */
        adults: z.number().int().positive().optional(),
        contacts: z.array(contactSchema).default([]),
      }),
    )
    .min(1),
});

export type Area = z.output<typeof areaFileSchema>['areas'][number];

const PREFIX = /^(phuong|xa|thi tran|tt|p|x|khu pho|thon|to dan pho)\s+/;

/** The communes and wards of the province: lookup by id and fuzzy matching of what a citizen types. */
export class AreaList {
  readonly province: string;
  /** Province-wide contacts (the fallback when an area has none or is unknown). */
  readonly provinceContacts: Contact[];
  private readonly byId = new Map<string, Area>();
  private readonly exact = new Map<string, Area>();
  private readonly fuzzy: Fuse<{ key: string; area: Area }>;

  constructor(file: string) {
    const parsed = areaFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    this.province = parsed.data.province;
    this.provinceContacts = parsed.data.contacts;
    const keys: { key: string; area: Area }[] = [];
    for (const area of parsed.data.areas) {
      this.byId.set(area.id, area);
      for (const name of [area.name, ...area.aliases]) {
        const key = fold(name).replace(PREFIX, '');
        this.exact.set(key, area);
        keys.push({ key, area });
      }
    }
    this.fuzzy = new Fuse(keys, { keys: ['key'], includeScore: true, threshold: 0.3, ignoreLocation: true });
  }

  get(id: string): Area | undefined {
    return this.byId.get(id);
  }

  /** Who a citizen of this area can reach: the area's own contacts, else the province-wide ones. */
  contactsFor(id: string | undefined): { area?: Area; contacts: Contact[] } {
    const area = id ? this.byId.get(id) : undefined;
    return { ...(area ? { area } : {}), contacts: area?.contacts.length ? area.contacts : this.provinceContacts };
  }

  all(): Area[] {
    return [...this.byId.values()];
  }

  /** The area a citizen means by "p. viet hung", "Việt Hưng", "phuong viet hun"; undefined when unsure. */
  find(text: string): Area | undefined {
    const key = fold(text).replace(PREFIX, '');
    if (!key) return undefined;
    const exact = this.exact.get(key);
    if (exact) return exact;
    const [best, second] = this.fuzzy.search(key, { limit: 2 });
    if (!best || (best.score ?? 1) > 0.3) return undefined;
    if (second && second.item.area.id !== best.item.area.id && (second.score ?? 1) - (best.score ?? 1) < 0.05) return undefined;
    return best.item.area;
  }
}
