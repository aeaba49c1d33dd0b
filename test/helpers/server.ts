import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/lib/log.js';
import { startServer, type RunningServer } from '../../src/server.js';

export interface ChatReply {
  status: number;
  body: {
    replies: { text: string; buttons?: { title: string; payload: string }[] }[];
    match: { kind: string; id?: string; score?: number; step?: string; completed?: boolean };
    error?: string;
  };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cds-test-'));
}

/** The real server on an ephemeral port with its own DATA_DIR. */
export async function startTestServer(
  dataDir = tempDataDir(),
  overrides: Partial<Config> = {},
): Promise<RunningServer & { dataDir: string; cleanup(): Promise<void> }> {
  const running = await startServer(
    {
      PORT: 0,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CONTENT_DIR: process.cwd(),
      RATE_LIMIT_PER_MINUTE: 0,
      ...overrides,
    },
    createLogger({ level: 'silent' }),
  );
  return {
    ...running,
    dataDir,
    async cleanup() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postChat(url: string, body: unknown, raw?: string): Promise<ChatReply> {
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ChatReply['body'] };
}

/** A citizen talking to the bot: each call sends one message and returns the reply. */
export function citizen(url: string, userId = `u-${Math.random().toString(36).slice(2)}`) {
  let last: ChatReply['body'] | undefined;
  const send = async (message: { text: string } | { payload: string }) => {
    const reply = await postChat(url, { userId, ...message });
    if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
    last = reply.body;
    return reply.body;
  };
  return {
    userId,
    say: (text: string) => send({ text }),
    press: (payload: string) => send({ payload }),
    /** Presses the button with this position (1-based) on the last reply that has buttons. */
    pressNumber: (n: number) => {
      const buttons = [...(last?.replies ?? [])].reverse().find((r) => r.buttons?.length)?.buttons ?? [];
      const button = buttons[n - 1];
      if (!button) throw new Error(`no button ${n} in ${JSON.stringify(last)}`);
      return send({ payload: button.payload });
    },
    get last() {
      return last;
    },
  };
}

export const allText = (body: ChatReply['body']) => body.replies.map((r) => r.text).join('\n');
