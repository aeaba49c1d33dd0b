import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig, type Config } from './config.js';
import { loadContent } from './content/load.js';
import { ConversationCore } from './core/conversation.js';
import { addPublicNumbers } from './lib/sensitive-scan.js';
import { createApp } from './http/app.js';
import { boundRequestTimes, closeWithin } from './http/graceful-close.js';
import { createLogger, type Logger } from './lib/log.js';
import { AreaList } from './content/areas.js';
import { StatsIndex } from './progress/stats-index.js';
import { loadStatsIndex, saveStatsIndex } from './progress/stats-persist.js';
import { ReminderEngine } from './reminders/engine.js';
import { ChannelPipeline } from './channels/pipeline.js';
import { ALL_CHANNELS, CHANNELS } from './channels/registry.js';
import { pseudonymFor } from './core/pseudonym.js';
import { sweep } from './reminders/retention.js';
import { HandoffDesk } from './core/handoff-desk.js';
import { StatsFeed } from './progress/stats-feed.js';
import { openStore } from './store-choice.js';
import type { Store } from './store/store.js';

const TAKE_OVER_EVERY_MS = 15_000;
const STATS_SAVE_EVERY_MS = 10 * 60_000;
const RETENTION_EVERY_MS = 60 * 60_000;

export interface RunningServer {
  url: string;
  logger: Logger;
  server: Server;
  core: ConversationCore;
  store: Store;
  /** The statistics index (`statsFeed.current()` brings it up to date with the event log first). */
  stats: StatsIndex;
  statsFeed: StatsFeed;
  reminders: ReminderEngine;
  handoffs: HandoffDesk;
  /** The channels that are on, besides the web chat. */
  channels: ChannelPipeline[];
  zalo?: ChannelPipeline;
  telegram?: ChannelPipeline;
  /** Stops taking requests, finishes the messages in progress, writes the store out. */
  stop(): Promise<void>;
}

/** Builds and starts the whole bot from its settings: content, store, core, HTTP server. */
export async function startServer(
  overrides: Partial<Config> = {},
  logger: Logger = createLogger(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningServer> {
  const config = { ...readConfig(env), ...overrides };
  const content = loadContent(config.CONTENT_DIR);
  const { store, counters } = await openStore(config, logger);
  const pseudonym = pseudonymFor(store);
  const areas = new AreaList(config.AREAS_FILE);
  // Offices' phone numbers from the area list are public: not hidden when a citizen types one.
  addPublicNumbers(
    [...areas.fallbackContacts, ...areas.all().flatMap((a) => a.contacts ?? [])].flatMap((c) =>
      c.phone ? [c.phone] : [],
    ),
  );
  // The index saved at the last stop, brought up to date with the events after its cursor.
  const saved = loadStatsIndex(config.DATA_DIR, config.UNANSWERED_KEEP);
  let stats = new StatsFeed(store, saved.index, saved.cursor);
  try {
    await stats.current();
  } catch (error) {
    logger.warn({ err: error }, 'statistics: saved index unusable, rebuilding from the event log');
    stats = new StatsFeed(store, new StatsIndex(config.UNANSWERED_KEEP));
    await stats.current();
  }
  const index = stats.index;
  const core = new ConversationCore({ content, store, pseudonym, areas });
  // A team's reply goes out through the outbox at once rather than at the next tick.
  const handoffs = new HandoffDesk({
    store,
    areas,
    deliverSoon: () => void reminders.tick(),
    windowOf: (channel) => reminders.delivery.messagingWindow(channel),
  });
  const reminders: ReminderEngine = new ReminderEngine({
    handoffs,
    store,
    flows: core.flows,
    pseudonym,
    quietHours: config.QUIET_HOURS,
    nudgeAfterDays: config.NUDGE_AFTER_DAYS,
    tickSeconds: config.REMINDER_TICK_SECONDS,
    logger,
  });
  // Each configured channel: its adapter behind the shared webhook tail and reply path, and a
  // reminders sender. Deliveries acknowledged before the last stop are taken up before listening.
  const channels: ChannelPipeline[] = [];
  for (const definition of CHANNELS) {
    const settings = definition.settings(env);
    if (!settings.config) {
      logger.info(settings.off!);
      continue;
    }
    const channel = new ChannelPipeline(definition.create(settings.config, { store, logger }), { core, store, logger });
    await channel.resume();
    reminders.delivery.addSender(channel);
    channels.push(channel);
  }
  const byName = new Map(channels.map((c) => [c.channel, c]));

  const app = createApp({
    channelRoutes: channels.map((c) => c.routes()),
    health: () => Object.fromEntries(CHANNELS.map((d) => [d.channel, byName.get(d.channel)?.health() ?? 'off'])),
    core,
    store,
    logger,
    trustProxy: config.TRUST_PROXY,
    limits: {
      perIpPerMinute: config.RATE_LIMIT_PER_MINUTE,
      perUserPerMinute: config.USER_RATE_LIMIT_PER_MINUTE,
      ...(counters ? { counters } : {}),
    },
    admin: {
      ...(counters ? { counters } : {}),
      stats: () => stats.current(),
      flows: core.flows,
      areas,
      store,
      scheduler: reminders.scheduler,
      preview: (audience) => reminders.delivery.preview(audience),
      adminToken: config.ADMIN_TOKEN,
      teamTokens: config.TEAM_TOKENS,
      handoffs,
      channels: ALL_CHANNELS,
    },
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  boundRequestTimes(server);
  // Save the statistics index now and then too, so a restart after a crash replays only a little.
  const saveStats = () => stats.atCursor((at, cursor) => saveStatsIndex(config.DATA_DIR, at, cursor));
  const saveIndex = setInterval(() => {
    void saveStats().catch((error) => logger.warn({ err: error }, 'statistics index not saved'));
  }, STATS_SAVE_EVERY_MS);
  saveIndex.unref();
  const retention = async () => {
    try {
      const dropped = await sweep(store, new Date(), {
        outboxKeepDays: config.OUTBOX_KEEP_DAYS,
        inactiveUserDays: config.INACTIVE_USER_DAYS,
      });
      await store.flush();
      if (dropped.rows || dropped.users) logger.info(dropped, 'retention: old reminder rows and silent people dropped');
    } catch (error) {
      logger.error({ err: error }, 'retention not saved');
    }
  };
  await retention();
  const retain = setInterval(() => void retention(), RETENTION_EVERY_MS);
  retain.unref();
  const { port } = server.address() as AddressInfo;
  await reminders.start();
  // After listening: in webhook mode a platform may call us as soon as the webhook is set.
  for (const channel of channels) await channel.start();
  // On a shared store, deliveries acknowledged by an instance that stopped are taken over by a
  // running one (the file store hands out nothing new after start-up).
  const takeOver = setInterval(() => {
    for (const channel of channels)
      void channel
        .resume()
        .catch((error) => logger.warn({ err: error }, 'deliveries of a stopped instance not taken over'));
  }, TAKE_OVER_EVERY_MS);
  takeOver.unref();
  const url = `http://127.0.0.1:${port}`;
  logger.info(
    {
      url: `http://localhost:${port}`,
      dataDir: config.DATA_DIR,
      flows: content.flows.size,
      knowledge: content.knowledge.size,
    },
    'web chat ready',
  );
  logger.info(
    config.ADMIN_TOKEN || config.TEAM_TOKENS
      ? `admin dashboard on /admin (${areas.all().length} areas: ${areas.province})`
      : 'admin dashboard: off (set ADMIN_TOKEN to turn it on)',
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // In-flight requests get a bounded time; their messages are still finished and written below.
      const { cutOff } = await closeWithin(server, config.STOP_GRACE_SECONDS * 1000);
      if (cutOff) logger.warn(`stop: connections still open after ${config.STOP_GRACE_SECONDS} s were closed`);
      clearInterval(saveIndex);
      clearInterval(retain);
      clearInterval(takeOver);
      await reminders.stop();
      for (const channel of channels) await channel.stop();
      await core.idle();
      await saveStats();
      await store.close();
    })());
  return {
    url,
    server,
    core,
    store,
    stop,
    logger,
    stats: index,
    statsFeed: stats,
    reminders,
    handoffs,
    channels,
    ...(byName.has('zalo') ? { zalo: byName.get('zalo')! } : {}),
    ...(byName.has('telegram') ? { telegram: byName.get('telegram')! } : {}),
  };
}
