import { createHmac, randomBytes } from 'node:crypto';
import type { PeopleStore, SettingsStore } from '../store/store.js';

const LEGACY_KEY = 'pseudonymKey';

/**
 * Progress events carry a pseudonym instead of the channel's user id, so the statistics never
 * hold who someone is. Each person's pseudonym is random and kept only in their record
 * (`UserRecord.uid`): erasing the record leaves their events pointing at nobody, without
 * rewriting the event log. A person without a record yet gets a fresh one, which the core stores.
 */
export function pseudonymFor(store: PeopleStore): (userKey: string) => Promise<string> {
  return async (userKey) => (await store.getUser(userKey))?.uid ?? randomBytes(10).toString('hex');
}

/**
 * Stores built before per-person pseudonyms derived them from one key: each record gets the
 * pseudonym its events already carry, then the key is dropped, so from the next compaction on
 * nothing can recompute a pseudonym from a user id. Returns true when something changed.
 */
export async function migrateLegacyPseudonyms(store: PeopleStore & SettingsStore): Promise<boolean> {
  const secret = await store.getMeta<string>(LEGACY_KEY);
  if (!secret) return false;
  for await (const user of store.users()) {
    if (!user.uid)
      store.putUser({ ...user, uid: createHmac('sha256', secret).update(user.key).digest('hex').slice(0, 20) });
  }
  store.setMeta(LEGACY_KEY, undefined);
  return true;
}
