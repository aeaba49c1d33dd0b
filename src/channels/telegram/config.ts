import { z } from 'zod';

const schema = z.object({
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF (from BotFather)'),
  /** Required with PUBLIC_URL: Telegram sends it in X-Telegram-Bot-Api-Secret-Token. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  /** Where Telegram can reach this server (https://...); without it the bot uses long polling. */
  PUBLIC_URL: z.url().optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
});

/** The settings this channel reads (README lists them all). */
export const TELEGRAM_SETTINGS = Object.keys(schema.shape);

export type TelegramConfig = z.output<typeof schema>;

export function telegramConfig(env: NodeJS.ProcessEnv): { config?: TelegramConfig; off?: string } {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => (k.startsWith('TELEGRAM_') || k === 'PUBLIC_URL') && v),
  );
  if (!present.TELEGRAM_BOT_TOKEN) return { off: 'telegram: off (set TELEGRAM_BOT_TOKEN to turn it on)' };
  const result = schema.safeParse(present);
  if (!result.success)
    throw new Error(
      `invalid Telegram settings: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (result.data.PUBLIC_URL && !result.data.TELEGRAM_WEBHOOK_SECRET)
    throw new Error('invalid Telegram settings: TELEGRAM_WEBHOOK_SECRET is required with PUBLIC_URL');
  return { config: result.data };
}
