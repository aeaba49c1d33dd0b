import { z } from 'zod';
import type { Logger } from '../../lib/log.js';
import type { SettingsStore, Store } from '../../store/store.js';
import type { ZaloConfig } from './config.js';

const META_KEY = 'zalo-tokens';
/** Refresh this long before the access token expires. */
const REFRESH_AHEAD_MS = 60 * 60_000;
const SEEDED_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

export interface ZaloTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms: when the access token stops working (estimated for a token seeded from the environment). */
  expiresAt: number;
}

const oauthAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.union([z.string(), z.number()]).transform(Number),
});

/**
 * The OA's tokens. The environment seeds them on the very first start only; from then on the
 * store is the truth, because each refresh invalidates the refresh token it used. A new pair is
 * written durably before it is used, and only one refresh runs at a time, across instances too.
 */
export class ZaloTokenStore {
  private refreshing?: Promise<string>;
  /** Set when the last refresh failed: the channel is degraded until one succeeds. */
  lastError?: string;
  /** Whether the store held tokens when last looked at (for the health check, which cannot wait). */
  known = false;

  constructor(
    private readonly store: SettingsStore & Pick<Store, 'flush'>,
    private readonly config: ZaloConfig,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async seed(): Promise<void> {
    if (await this.tokens()) return;
    if (!this.config.ZALO_ACCESS_TOKEN || !this.config.ZALO_REFRESH_TOKEN) return;
    // The seeded token's age is unknown; Zalo's access tokens live 25 hours, so treat it as good for
    // a day from now: it is refreshed ahead of that, and at once if Zalo says it expired earlier.
    this.store.setMeta(META_KEY, {
      accessToken: this.config.ZALO_ACCESS_TOKEN,
      refreshToken: this.config.ZALO_REFRESH_TOKEN,
      expiresAt: this.now() + SEEDED_TOKEN_LIFETIME_MS,
    });
    await this.store.flush();
    this.known = true;
  }

  async tokens(): Promise<ZaloTokens | undefined> {
    const tokens = await this.store.getMeta<ZaloTokens>(META_KEY);
    this.known = !!tokens;
    return tokens;
  }

  /** A token good for a send: refreshed first when it expires within the hour. */
  async accessToken(): Promise<string> {
    const tokens = await this.tokens();
    if (!tokens) throw new Error('no Zalo tokens: set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN');
    if (tokens.expiresAt && tokens.expiresAt - this.now() < REFRESH_AHEAD_MS) return this.refresh(tokens.accessToken);
    return tokens.accessToken;
  }

  /**
   * Trades the refresh token for a new pair. `rejected` is the access token Zalo refused: if
   * another refresh already replaced it, that newer token is used instead of refreshing again.
   */
  refresh(rejected: string): Promise<string> {
    this.refreshing ??= this.store
      .exclusively(META_KEY, async () => {
        // Read inside the lock: another instance may have refreshed already.
        const current = await this.tokens();
        if (current && current.accessToken !== rejected) return current.accessToken;
        return this.doRefresh(current);
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(tokens: ZaloTokens | undefined): Promise<string> {
    if (!tokens) throw new Error('no Zalo refresh token');
    try {
      const res = await fetch(`${this.config.ZALO_OAUTH_BASE}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.config.ZALO_APP_SECRET },
        body: new URLSearchParams({
          app_id: this.config.ZALO_APP_ID,
          grant_type: 'refresh_token',
          refresh_token: tokens.refreshToken,
        }),
      });
      const body: unknown = await res.json().catch(() => undefined);
      const parsed = oauthAnswer.safeParse(body);
      if (!res.ok || !parsed.success) {
        const detail = (body as { error?: unknown; error_name?: unknown; message?: unknown } | undefined) ?? {};
        throw new Error(
          `HTTP ${res.status}, error ${String(detail.error ?? '?')} ${String(detail.error_name ?? detail.message ?? '')}`.trim(),
        );
      }
      const next: ZaloTokens = {
        accessToken: parsed.data.access_token,
        refreshToken: parsed.data.refresh_token,
        expiresAt: this.now() + parsed.data.expires_in * 1000,
      };
      // Durable before use: the old refresh token no longer works.
      this.store.setMeta(META_KEY, next);
      await this.store.flush();
      this.lastError = undefined;
      this.logger.info('zalo: access token refreshed');
      return next.accessToken;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.logger.error(
        { err: error },
        'ZALO TOKEN REFRESH FAILED: an OA admin must grant access again (new tokens); Zalo messages cannot be sent',
      );
      throw error;
    }
  }
}
