import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Zalo's webhook signature: `X-ZEvent-Signature: mac=<hex>` where the mac is a plain SHA-256 of
 * app_id + the raw body + the body's timestamp + the OA secret key. Compared in constant time.
 */
export function zaloMac(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId + rawBody + timestamp + oaSecretKey).digest('hex');
}

export function verifyZaloSignature(header: string | undefined, appId: string, rawBody: string, timestamp: string, oaSecretKey: string): boolean {
  const presented = /^mac=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1]?.toLowerCase();
  if (!presented) return false;
  return timingSafeEqual(Buffer.from(presented, 'hex'), Buffer.from(zaloMac(appId, rawBody, timestamp, oaSecretKey), 'hex'));
}
