import { renameSync, copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.js';
import { ConversationCore } from '../src/core/conversation.js';
import { HandoffDesk } from '../src/core/handoff-desk.js';
import type { ProgressEvent } from '../src/domain/progress.js';
import { StatsFeed } from '../src/progress/stats-feed.js';
import { StatsIndex } from '../src/progress/stats-index.js';
import { FileStore } from '../src/store/file-store.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { ForeignCursorError, type EventBatch, type EventCursor, type Store } from '../src/store/store.js';
import { tempDataDir } from './helpers/server.js';

const dirs: string[] = [];
const open: FileStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.release();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fileStore(dir = tempDataDir()): Promise<FileStore> {
  if (!dirs.includes(dir)) dirs.push(dir);
  const store = await FileStore.open(dir);
  open.push(store);
  return store;
}

const started = (uid: string): ProgressEvent => ({
  type: 'flow_started',
  at: '2026-03-02T01:00:00.000Z',
  uid,
  channel: 'web',
  flow: 'qr-payment',
});

async function read(store: Store, from?: EventCursor): Promise<EventBatch> {
  const all: ProgressEvent[] = [];
  let cursor: EventCursor | undefined;
  for await (const batch of store.readEvents(from)) {
    all.push(...batch.events);
    cursor = batch.cursor;
  }
  return { events: all, cursor: cursor! };
}

describe.each([
  ['memory', async () => new MemoryStore() as Store],
  ['file', async () => (await fileStore()) as Store],
])('the event log of the %s store', (_name, make) => {
  it('reads on from a cursor: only what was appended after it, and a cursor at the end even when nothing was', async () => {
    const store = await make();
    const empty = await read(store);
    expect(empty.events).toEqual([]);
    store.appendEvents([started('a'), started('b')]);
    // Staged events are flushed before reading: the instance reads what it wrote.
    const first = await read(store, empty.cursor);
    expect(first.events.map((e) => e.uid)).toEqual(['a', 'b']);
    expect((await read(store, first.cursor)).events).toEqual([]);
    store.appendEvents([started('c')]);
    await store.flush();
    const second = await read(store, first.cursor);
    expect(second.events.map((e) => e.uid)).toEqual(['c']);
    expect((await read(store)).events.map((e) => e.uid)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a cursor it did not make', async () => {
    const store = await make();
    const stranger = 'postgres:12' as EventCursor;
    await expect(read(store, stranger)).rejects.toThrow(ForeignCursorError);
  });
});

describe('the statistics feed', () => {
  it('catches the index up from its cursor before answering, counting each event once', async () => {
    const store = new MemoryStore();
    store.appendEvents([started('a')]);
    const feed = new StatsFeed(store, new StatsIndex());
    expect((await feed.current()).personFlows.size).toBe(1);
    store.appendEvents([started('b')]);
    // Requests that arrive together share one catch-up and see the same figures.
    const [x, y] = await Promise.all([feed.current(), feed.current()]);
    expect(x.personFlows.size).toBe(2);
    expect(y).toBe(x);
    expect((await feed.current()).personFlows.size).toBe(2);
    const saved = await feed.atCursor((index, cursor) => ({ flows: index.personFlows.size, cursor }));
    expect(saved.flows).toBe(2);
    // An index saved with its cursor resumes there: nothing is counted twice.
    const resumed = new StatsFeed(store, StatsIndex.fromJSON(feed.index.toJSON()), saved.cursor);
    store.appendEvents([started('c')]);
    expect((await resumed.current()).personFlows.size).toBe(3);
  });

  it('refuses to resume over an event log that was replaced (a restore), so the index is rebuilt instead', async () => {
    const dir = tempDataDir();
    const store = await fileStore(dir);
    store.appendEvents([started('a')]);
    const feed = new StatsFeed(store, new StatsIndex());
    await feed.current();
    const cursor = await feed.atCursor((_index, at) => at);
    await store.release();
    open.splice(open.indexOf(store), 1);
    // The same bytes in a new file, as a restore writes them.
    copyFileSync(join(dir, 'events.jsonl'), join(dir, 'events.copy'));
    renameSync(join(dir, 'events.copy'), join(dir, 'events.jsonl'));
    const reopened = await fileStore(dir);
    await expect(new StatsFeed(reopened, new StatsIndex(), cursor).current()).rejects.toThrow(ForeignCursorError);
    expect((await new StatsFeed(reopened, new StatsIndex()).current()).personFlows.size).toBe(1);
  });
});

describe('a team reply and the citizen’s own message', () => {
  it('do not interleave: the reply waits for the citizen’s turn and keeps what the citizen added in it', async () => {
    const store = new MemoryStore();
    const core = new ConversationCore({ content: loadContent(process.cwd()), store, pseudonym: async (k) => `p-${k}` });
    const desk = new HandoffDesk({ store });
    const say = (text: string) => core.handle({ channel: 'web', userId: 'hoa', text, at: new Date() });
    await say('gặp người thật');
    const [asked] = await store.handoffs();
    expect(asked).toMatchObject({ status: 'open', userKey: 'web:hoa' });

    // The citizen's turn holds the person; the team answers meanwhile, from the case as it was listed.
    let finishTurn!: () => void;
    const turn = store.withPerson('web:hoa', async () => {
      await new Promise<void>((r) => (finishTurn = r));
      const current = (await store.getHandoff(asked!.id))!;
      store.putHandoff({
        ...current,
        messages: [...current.messages, { from: 'citizen', text: 'tôi chờ ạ', at: new Date().toISOString() }],
      });
      await store.flush();
    });
    let replied = false;
    const reply = desk.reply(asked!, 'Chào bác, tổ sẽ gọi lại.').then((c) => ((replied = true), c));
    await new Promise((r) => setTimeout(r, 20));
    expect(replied).toBe(false);
    finishTurn();
    await turn;
    const updated = await reply;
    expect(updated.messages.map((m) => m.from).slice(-2)).toEqual(['citizen', 'team']);
    expect((await store.getHandoff(asked!.id))!.messages.map((m) => m.text)).toContain('tôi chờ ạ');
  });

  it('refuses the reply when the citizen closed the case in their turn', async () => {
    const store = new MemoryStore();
    const core = new ConversationCore({ content: loadContent(process.cwd()), store, pseudonym: async (k) => `p-${k}` });
    const desk = new HandoffDesk({ store });
    const say = (text: string) => core.handle({ channel: 'web', userId: 'lan', text, at: new Date() });
    await say('gặp người thật');
    const [asked] = await store.handoffs();
    const ending = say('kết thúc hỗ trợ');
    await expect(desk.reply(asked!, 'Chào chị.')).rejects.toMatchObject({ why: 'closed' });
    await ending;
    expect((await store.getHandoff(asked!.id))!.messages.some((m) => m.from === 'team')).toBe(false);
  });
});
