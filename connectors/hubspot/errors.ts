import type { VendorErrorKind } from '../../src/errors/leadloop-error.ts';
import { BudgetExhaustedError, ConnectorError } from '../../src/sync/connector.ts';
import { HubspotErrorRaw, type HubspotErrorDetailRaw } from './schemas.ts';

/**
 * HubSpot failures become the neutral kinds at this edge (STYLE.md §5). Whole-call failures
 * are read from the raw HTTP answer (client.ts) so that non-JSON bodies and the 429 fields the
 * SDK's model drops (`policyName`) are not lost. Per-input failures are in write-failures.ts.
 * Vendor messages are kept verbatim.
 */
export const SCOPES_NEEDED = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.objects.deals.read',
] as const;

const AUTH_HINT =
  'Check HUBSPOT_ACCESS_TOKEN: it must be the access token of a HubSpot private app (Settings → Integrations → Private Apps) ' +
  `that is not rotated or deleted, with the scopes ${SCOPES_NEEDED.join(', ')}.`;

/** A non-2xx answer from HubSpot, with its status and parsed body. */
export class HubspotApiError extends ConnectorError {
  readonly status: number;
  readonly body: HubspotErrorRaw;
  /** HubSpot's own words: the detailed problems when it lists them, else its message. */
  readonly vendorMessage: string;

  constructor(
    status: number,
    body: HubspotErrorRaw,
    kind: VendorErrorKind,
    hint: string,
    retryAfterMs?: number,
  ) {
    const vendorMessage = vendorText(body, `HTTP ${status}`);
    super('hubspot', kind, `HubSpot answered ${status}: ${vendorMessage}`, {
      code: `hubspot.${kind}`,
      hint,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      details: {
        status,
        ...(body.category === undefined ? {} : { category: body.category }),
        ...(body.correlationId === undefined ? {} : { correlationId: body.correlationId }),
        vendorMessage,
      },
    });
    this.status = status;
    this.body = body;
    this.vendorMessage = vendorMessage;
  }
}

export function vendorText(
  body: { message?: string | undefined; errors?: readonly HubspotErrorDetailRaw[] | undefined },
  fallback: string,
): string {
  const details = [
    ...new Set((body.errors ?? []).map((detail) => detail.message).filter((m) => m !== '')),
  ];
  if (details.length > 0) return details.join(' | ');
  return body.message ?? fallback;
}

function parseBody(text: string): HubspotErrorRaw {
  try {
    const parsed = HubspotErrorRaw.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON (a proxy's HTML page): keep the start of it as the message.
  }
  const trimmed = text.trim().slice(0, 300);
  return trimmed === '' ? {} : { message: trimmed };
}

const header = (headers: Readonly<Record<string, string>>, name: string) => headers[name];

function retryAfter(headers: Readonly<Record<string, string>>): number | undefined {
  const raw = header(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

export interface DailyBudgetState {
  readonly used: number;
  readonly allowed: number;
}

/** A whole-call failure from the HTTP status, headers and raw body of HubSpot's answer. */
export function errorFromResponse(
  status: number,
  headers: Readonly<Record<string, string>>,
  text: string,
  daily: () => DailyBudgetState,
): ConnectorError {
  const body = parseBody(text);
  if (status === 429) {
    const policy = body.policyName ?? '';
    const isDaily =
      policy === 'DAILY' ||
      /daily limit/i.test(body.message ?? '') ||
      header(headers, 'x-hubspot-ratelimit-daily-remaining') === '0';
    if (isDaily) {
      const { used, allowed } = daily();
      return new BudgetExhaustedError('hubspot', used, allowed);
    }
    // TEN_SECONDLY_ROLLING frees up within the window; search's SECONDLY within a second.
    const windowMs =
      policy === 'SECONDLY' || /secondly limit/i.test(body.message ?? '')
        ? 1_000
        : Number(header(headers, 'x-hubspot-ratelimit-interval-milliseconds') ?? 10_000);
    return new HubspotApiError(
      status,
      body,
      'rate_limited',
      'HubSpot rate-limited the call; leadloop waits for the window and retries. If it keeps happening, another integration shares this private app.',
      retryAfter(headers) ?? windowMs,
    );
  }
  if (status === 401 || status === 403)
    return new HubspotApiError(status, body, 'auth', authHint(body));
  if (status === 404)
    return new HubspotApiError(
      status,
      body,
      'not_found',
      'The record or property does not exist in HubSpot (deleted, merged or never created).',
    );
  if (status === 409)
    return new HubspotApiError(
      status,
      body,
      'conflict',
      'Another HubSpot record already holds this unique value (email or leadloop_id).',
    );
  if (status === 400 || status === 422)
    return new HubspotApiError(
      status,
      body,
      'invalid_record',
      'HubSpot rejected the values sent; its message says which.',
    );
  if (status === 423 || status >= 500)
    return new HubspotApiError(
      status,
      body,
      'transient',
      'HubSpot could not serve the call just now; leadloop retries it. See https://status.hubspot.com if it persists.',
    );
  return new HubspotApiError(
    status,
    body,
    'unknown',
    'Unexpected HubSpot answer; the message says more.',
  );
}

function authHint(body: HubspotErrorRaw): string {
  const missing = (body.errors ?? []).flatMap(
    (detail) => detail.context?.requiredGranularScopes ?? [],
  );
  return missing.length > 0
    ? `The private app behind HUBSPOT_ACCESS_TOKEN lacks the scope(s) ${missing.join(', ')}: add them in Settings → Integrations → Private Apps → Scopes. ${AUTH_HINT}`
    : AUTH_HINT;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Anything a call can throw → ConnectorError (network failures, timeouts, SDK ApiExceptions). */
export function toConnectorError(error: unknown, daily: () => DailyBudgetState): ConnectorError {
  if (error instanceof ConnectorError) return error;
  // The SDK's ApiException (one class per generated module, so duck-typed): {code, body, headers}.
  if (isApiException(error)) {
    return errorFromResponse(error.code, error.headers, JSON.stringify(error.body ?? {}), daily);
  }
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ConnectorError(
      'hubspot',
      'transient',
      `HubSpot did not answer in time: ${message}`,
      {
        code: 'hubspot.timeout',
        hint: 'leadloop retries the call. If it keeps happening, check the network path to HubSpot (proxy, firewall) or raise the client timeout.',
        cause: error,
      },
    );
  }
  const code = networkCode(error);
  if (code !== undefined) {
    return new ConnectorError('hubspot', 'transient', `The network to HubSpot failed: ${message}`, {
      code: 'hubspot.network',
      hint: 'leadloop retries the call. Check HUBSPOT_BASE_URL, DNS and proxy settings if it persists.',
      cause: error,
      details: { vendorCode: code },
    });
  }
  return new ConnectorError('hubspot', 'unknown', `HubSpot call failed: ${message}`, {
    code: 'hubspot.unknown',
    hint: 'Unexpected failure talking to HubSpot; the message says more.',
    cause: error,
  });
}

/** A socket-level failure, found on the error or its causes (fetch wraps them in TypeError). */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  if (typeof message === 'string' && /fetch failed|socket hang up|network error/i.test(message)) {
    return networkCode(cause, depth + 1) ?? 'NETWORK';
  }
  return networkCode(cause, depth + 1);
}

function isApiException(
  error: unknown,
): error is { code: number; body: unknown; headers: Record<string, string> } {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'number' &&
    typeof (error as { headers?: unknown }).headers === 'object'
  );
}
