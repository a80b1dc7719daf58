import { createHash, createHmac } from 'node:crypto';

/**
 * HubSpot's webhook request signatures. v3: base64 of HMAC-SHA256 keyed with the app's client
 * secret over `method + uri + body + timestamp` (timestamp in ms, also sent as
 * X-HubSpot-Request-Timestamp). The uri is the full URL HubSpot called, with %-escapes decoded
 * except in the query string. v1 (still sent for CRM object subscriptions): hex SHA-256 of
 * `clientSecret + body`.
 */
export function signatureUri(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape is signed as sent.
  }
  return decoded + query;
}

export function signV3(
  clientSecret: string,
  method: string,
  url: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', clientSecret)
    .update(`${method}${signatureUri(url)}${body}${timestamp}`, 'utf8')
    .digest('base64');
}

export function signV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(`${clientSecret}${body}`, 'utf8').digest('hex');
}
