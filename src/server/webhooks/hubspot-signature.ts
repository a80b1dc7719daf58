import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot request signature v3 (developers.hubspot.com, "Validating requests"):
 * `base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp))` in
 * `X-HubSpot-Signature-v3`, the timestamp (ms) in `X-HubSpot-Request-Timestamp`. Requests
 * older than 5 minutes are rejected, so a captured request cannot be replayed later. The uri is
 * the full URL HubSpot called, with the characters HubSpot's table lists URL-decoded. The
 * SDK's `Signature.isValid` compares with `===`; this compares in constant time.
 */
export const HUBSPOT_MAX_AGE_MS = 5 * 60_000;

/** The escapes HubSpot's documentation says to decode before signing (case-insensitive hex). */
const DECODED: Readonly<Record<string, string>> = {
  '3A': ':',
  '2F': '/',
  '3F': '?',
  '40': '@',
  '21': '!',
  '24': '$',
  '27': "'",
  '28': '(',
  '29': ')',
  '2A': '*',
  '2C': ',',
  '3B': ';',
};

export function hubspotSignatureUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape, hex: string) => {
    return DECODED[hex.toUpperCase()] ?? escape;
  });
}

export interface HubspotSignedRequest {
  readonly method: string;
  /** The full URL as HubSpot called it (scheme, host, path, query). */
  readonly uri: string;
  /** The raw body bytes, exactly as received. */
  readonly body: Buffer | string;
  /** `X-HubSpot-Request-Timestamp`, as sent. */
  readonly timestamp: string;
}

export function hubspotSignatureV3(clientSecret: string, request: HubspotSignedRequest): string {
  return createHmac('sha256', clientSecret)
    .update(request.method.toUpperCase(), 'utf8')
    .update(hubspotSignatureUri(request.uri), 'utf8')
    .update(request.body)
    .update(request.timestamp, 'utf8')
    .digest('base64');
}

export type HubspotVerdict = 'valid' | 'missing' | 'stale' | 'invalid';

export function verifyHubspotSignature(
  clientSecret: string,
  request: HubspotSignedRequest & { readonly signature: string | undefined },
  nowMs: number,
): HubspotVerdict {
  if (request.signature === undefined || request.timestamp === '') return 'missing';
  if (!/^\d{1,16}$/.test(request.timestamp)) return 'invalid';
  // Older than 5 minutes (or as far in the future: a skewed clock) is a replay risk.
  if (Math.abs(nowMs - Number(request.timestamp)) > HUBSPOT_MAX_AGE_MS) return 'stale';
  const expected = Buffer.from(hubspotSignatureV3(clientSecret, request), 'base64');
  const given = Buffer.from(request.signature, 'base64');
  if (given.length !== expected.length) return 'invalid';
  return timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}
