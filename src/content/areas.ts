import Fuse from 'fuse.js';
import { areaKey, loadAreaFile, type Area, type Contact } from './area-schema.js';

export type { Area, Contact } from './area-schema.js';

/** The communes and wards of the province: lookup by id and fuzzy matching of what a citizen types. */
export class AreaList {
  readonly province: string;
  /** Province-wide help for anyone whose area has no phone number of its own. */
  readonly fallbackContacts: readonly Contact[];
  private readonly byId = new Map<string, Area>();
  private readonly exact = new Map<string, Area>();
  private readonly split = new Set<string>();
  private readonly fuzzy: Fuse<{ key: string; area: Area }>;

  /** Throws ContentError (file and path of each problem) when the list is malformed. */
  constructor(file: string) {
    const data = loadAreaFile(file);
    this.province = data.province;
    this.fallbackContacts = data.fallbackContacts;
    for (const name of data.splitNames) this.split.add(areaKey(name));
    const keys: { key: string; area: Area }[] = [];
    for (const area of data.areas) {
      this.byId.set(area.id, area);
      for (const name of [area.name, ...area.aliases]) {
        const key = areaKey(name);
        this.exact.set(key, area);
        keys.push({ key, area });
      }
    }
    this.fuzzy = new Fuse(keys, { keys: ['key'], includeScore: true, threshold: 0.3, ignoreLocation: true });
  }

  get(id: string): Area | undefined {
    return this.byId.get(id);
  }

  all(): Area[] {
    return [...this.byId.values()];
  }

  /**
   * Who a citizen of this area can ask: the area's own contacts, then the province-wide ones
   * when none of the area's contacts has a phone number.
   */
  contactsFor(id: string | undefined): Contact[] {
    const own = (id && this.get(id)?.contacts) || [];
    return own.some((c) => c.phone || c.zalo) ? [...own] : [...own, ...this.fallbackContacts];
  }

  /** The area a citizen means by "p. viet hung", "Việt Hưng", "phuong viet hun"; undefined when unsure. */
  find(text: string): Area | undefined {
    const key = areaKey(text);
    if (!key || this.split.has(key)) return undefined;
    const exact = this.exact.get(key);
    if (exact) return exact;
    const [best, second] = this.fuzzy.search(key, { limit: 2 });
    if (!best || (best.score ?? 1) > 0.3) return undefined;
    if (second && second.item.area.id !== best.item.area.id && (second.score ?? 1) - (best.score ?? 1) < 0.05)
      return undefined;
    return best.item.area;
  }
}
