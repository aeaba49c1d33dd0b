import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Zalo's webhook signature: `X-ZEvent-Signature: mac=<hex>` where the mac is a plain SHA-256 of
 * app_id + the raw body + the body's timestamp + the OA secret key. Compared in constant time.
 */
export function zaloMac(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(appId + rawBody + timestamp + oaSecretKey)
    .digest('hex');
}

export function verifyZaloSignature(
  header: string | undefined,
  appId: string,
  rawBody: string,
  timestamp: string,
  oaSecretKey: string,
): boolean {
  const presented = /^mac=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1]?.toLowerCase();
  if (!presented) return false;
  return timingSafeEqual(
    Buffer.from(presented, 'hex'),
    Buffer.from(zaloMac(appId, rawBody, timestamp, oaSecretKey), 'hex'),
  );
}

const SIGNATURE_HEADER = /^mac=[0-9a-f]{64}$/i;

/** Whether the header can be a signature at all: checked before the body is read, so unsigned floods cost little. */
export function looksSigned(header: string | undefined): boolean {
  return SIGNATURE_HEADER.test(header?.trim() ?? '');
}

/**
 * Whether a signed event's own timestamp (epoch milliseconds, as a string) is within `windowMs` of
 * now, either way: an old signed delivery replayed later is not handled again.
 */
export function isFresh(timestamp: string, now: number, windowMs: number): boolean {
  const at = Number(timestamp);
  return /^\d{1,16}$/.test(timestamp) && Math.abs(now - at) <= windowMs;
}
