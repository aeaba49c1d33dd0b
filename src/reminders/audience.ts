import type { UserRecord } from '../store/types.js';
import type { Audience } from './types.js';

/** Whether a person belongs to a broadcast's audience (reminder choice is checked at delivery). */
export function inAudience(user: UserRecord, audience: Audience): boolean {
  if (audience.area && user.area !== audience.area) return false;
  if (audience.flow) {
    const record = user.flows[audience.flow];
    switch (audience.status) {
      case 'not-started':
        return !record;
      case 'in-progress':
        return record?.status === 'in-progress';
      case 'completed':
        return record?.status === 'completed';
      default:
        return true;
    }
  }
  if (audience.status) {
    const statuses = Object.values(user.flows).map((r) => r.status);
    if (audience.status === 'not-started') return statuses.length === 0;
    return statuses.includes(audience.status);
  }
  return true;
}
