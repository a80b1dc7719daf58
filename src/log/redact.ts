/**
 * Redaction applied to every log record before it is written: values under secret-looking
 * keys, any string containing a registered secret value, and bearer tokens in free text.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /(authorization|password|passwd|secret|token|api[-_]?key|private[-_]?key|cookie|signature|session[-_]?id)/i;
const BEARER = /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=!-]{6,}/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+):[^@\s/]+@/gi;

const knownSecrets = new Set<string>();

/** Registers secret values (tokens from the environment) so they never reach a log. */
export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) {
    // Very short values would redact ordinary words; real secrets are longer.
    if (value !== undefined && value.length >= 6) knownSecrets.add(value);
  }
}

export function redactString(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(BEARER, `$1 ${REDACTED}`).replace(URL_CREDENTIALS, `$1:${REDACTED}@`);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactString(value.message),
      ...(redact({ ...value }, depth + 1) as object),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== undefined && item !== null && item !== ''
        ? REDACTED
        : redact(item, depth + 1);
  }
  return out;
}
