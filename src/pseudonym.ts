import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from './store/types.js';

/**
 * Progress events carry a keyed hash of the user key instead of the channel's user id, so the
 * statistics never hold who someone is. The key stays in the store and never leaves it.
 */
export function pseudonymFor(store: Store): (userKey: string) => string {
  let secret = store.getMeta<string>('pseudonymKey');
  if (!secret) {
    secret = randomBytes(32).toString('hex');
    store.setMeta('pseudonymKey', secret);
  }
  const key = secret;
  return (userKey) => createHmac('sha256', key).update(userKey).digest('hex').slice(0, 20);
}
