import type { InboxStore, OutreachStore } from '../store/store.js';
import type { OutboxRow, SendResult, Sender } from '../domain/outreach.js';

/**
 * Delivers to web chat users through their inbox (GET /api/chat/messages). The push is a store
 * write in the same batch as the row's new status, and its id is the row's, so a replay after a
 * crash cannot show a message twice.
 */
export class WebSender implements Sender {
  readonly channel = 'web' as const;
  // "At once": a web push is a store write, not a call to a platform with limits.
  readonly perSecond = 20_000;
  readonly perChatGapMs = 0;
  readonly sendIsStoreWrite = true;

  constructor(private readonly store: InboxStore & OutreachStore) {}

  /** Nudges come from the assistant; broadcasts from the area's team, or from the administrators. */
  private async senderOf(row: OutboxRow): Promise<string> {
    if (row.kind === 'nudge') return 'Trợ lý Công dân số';
    const createdBy = row.broadcastId ? (await this.store.getBroadcast(row.broadcastId))?.createdBy : undefined;
    return createdBy === 'admin' ? 'Ban quản trị Trợ lý Công dân số' : 'Tổ công nghệ số cộng đồng';
  }

  async send(row: OutboxRow): Promise<SendResult> {
    const from = await this.senderOf(row);
    const now = new Date().toISOString();
    this.store.pushInbox(row.userKey, {
      id: `${now}~${row.id}`,
      ref: row.id,
      text: row.text,
      ...(row.buttons ? { buttons: row.buttons } : {}),
      at: now,
      from,
    });
    return { ok: true };
  }
}
