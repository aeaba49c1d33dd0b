// The channels the bot can speak on. A new one is a folder with its adapter and settings, and one
// line here: server.ts, /healthz, the reminders and the admin page's channel filter follow.
import type { Channel } from '../domain/messages.js';
import type { ChannelDefinition } from './adapter.js';
import { TelegramAdapter } from './telegram/adapter.js';
import { telegramConfig, type TelegramConfig } from './telegram/config.js';
import { ZaloAdapter } from './zalo/adapter.js';
import { zaloConfig, type ZaloConfig } from './zalo/config.js';

const define = <Config>(definition: ChannelDefinition<Config>) => definition as ChannelDefinition;

export const CHANNELS: readonly ChannelDefinition[] = [
  define<ZaloConfig>({
    channel: 'zalo',
    label: 'Zalo',
    settings: zaloConfig,
    create: (c, { store, logger }) => new ZaloAdapter(c, store, logger),
  }),
  define<TelegramConfig>({
    channel: 'telegram',
    label: 'Telegram',
    settings: telegramConfig,
    create: (c, { logger }) => new TelegramAdapter(c, logger),
  }),
];

/** Every channel a person can use, the web chat first (it needs no settings and is always on). */
export const ALL_CHANNELS: readonly { id: Channel; label: string }[] = [
  { id: 'web', label: 'Trang web' },
  ...CHANNELS.map((c) => ({ id: c.channel, label: c.label })),
];
