// Small domain records for store tests.
import type { HandoffCase } from '../../src/domain/handoff.js';
import type { OutboxRow } from '../../src/domain/outreach.js';
import type { UserRecord } from '../../src/domain/person.js';
import type { ProgressEvent } from '../../src/domain/progress.js';

export const user = (id: string, area?: string): UserRecord => ({
  key: `web:${id}`,
  channel: 'web',
  channelUserId: id,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
  reminders: true,
  active: true,
  flows: {},
  unclear: 0,
  ...(area ? { area } : {}),
});

export const row = (id: string, over: Partial<OutboxRow> = {}): OutboxRow => ({
  id,
  kind: 'broadcast',
  broadcastId: 'b1',
  userKey: 'web:a',
  channel: 'web',
  text: 'Nhắc: hoàn tất định danh mức 2',
  createdAt: `2026-01-01T00:00:${id.padStart(2, '0').slice(-2)}.000Z`,
  notBefore: '2026-01-01T00:00:00.000Z',
  status: 'pending',
  attempts: 0,
  ...over,
});

export const handoff = (id: string, userKey: string, status: 'open' | 'closed' = 'open'): HandoffCase => ({
  id,
  channel: 'web',
  userKey,
  status,
  openedAt: '2026-01-01T00:00:00.000Z',
  messages: [{ from: 'citizen', text: 'gặp người thật', at: '2026-01-01T00:00:00.000Z' }],
});

export const event = (n: number, type: ProgressEvent['type'] = 'flow_started'): ProgressEvent => ({
  type,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  uid: `p${n}`,
  channel: 'web',
  flow: 'vneid-level2',
});
