import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig, type Config } from './config.js';
import { loadContent } from './content/load.js';
import { ConversationCore } from './core/conversation.js';
import { createApp } from './http/app.js';
import { pseudonymFor } from './pseudonym.js';
import { FileStore } from './store/file-store.js';

export interface RunningServer {
  url: string;
  server: Server;
  core: ConversationCore;
  store: FileStore;
  /** Stops taking requests, finishes the messages in progress, writes the store out. */
  stop(): Promise<void>;
}

/** Builds and starts the whole bot from its settings: content, store, core, HTTP server. */
export async function startServer(overrides: Partial<Config> = {}, log: (line: string) => void = console.log): Promise<RunningServer> {
  const config = { ...readConfig(), ...overrides };
  const content = loadContent(config.CONTENT_DIR);
  const store = await FileStore.open(config.DATA_DIR);
  const pseudonym = pseudonymFor(store);
  await store.flush();
  const core = new ConversationCore({ content, store, pseudonym });
  const app = createApp({ core, store, log: (m, e) => console.error(m, e) });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log(`web chat: http://localhost:${port} (data in ${config.DATA_DIR}; ${content.flows.size} flows, ${content.knowledge.size} knowledge entries)`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await core.idle();
      await store.close();
    })());
  return { url, server, core, store, stop };
}
