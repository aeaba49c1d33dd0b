import { z } from 'zod';

const schema = z.object({
  ZALO_APP_ID: z.string().min(1),
  ZALO_APP_SECRET: z.string().min(1),
  ZALO_OA_SECRET_KEY: z.string().min(1),
  ZALO_ACCESS_TOKEN: z.string().min(1).optional(),
  ZALO_REFRESH_TOKEN: z.string().min(1).optional(),
  ZALO_API_BASE: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
  /** A signed delivery whose timestamp is further than this from now is acknowledged and ignored. */
  ZALO_EVENT_MAX_AGE_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
});

/** The settings this channel reads (README lists them all). */
export const ZALO_SETTINGS = Object.keys(schema.shape);

export type ZaloConfig = z.output<typeof schema>;

/** The Zalo settings, or why the channel is off. An invalid value is an error, not "off". */
export function zaloConfig(env: NodeJS.ProcessEnv): { config?: ZaloConfig; off?: string } {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('ZALO_') && v));
  if (!present.ZALO_APP_ID || !present.ZALO_OA_SECRET_KEY || !present.ZALO_APP_SECRET) {
    return { off: 'zalo: off (set ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY and the tokens to turn it on)' };
  }
  const result = schema.safeParse(present);
  if (!result.success)
    throw new Error(
      `invalid Zalo settings: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { config: result.data };
}
