import type { VendorErrorKind } from '../../src/errors/leadloop-error.ts';
import {
  BudgetExhaustedError,
  ConnectorError,
  type WriteFailure,
} from '../../src/sync/connector.ts';

/**
 * Salesforce failures become the neutral kinds at this edge (STYLE.md §5): per-record
 * `statusCode`s of collection results become `WriteFailure`s, whole-call failures become
 * `ConnectorError`s. The engine's retry policy switches on the kind, never on these codes.
 */
const RECORD_KINDS: Readonly<Record<string, VendorErrorKind>> = {
  // Another transaction holds the row: the same write succeeds a moment later.
  UNABLE_TO_LOCK_ROW: 'transient',
  ALL_OR_NONE_OPERATION_ROLLED_BACK: 'transient',
  SERVER_UNAVAILABLE: 'transient',
  REQUEST_LIMIT_EXCEEDED: 'rate_limited',
  DUPLICATE_VALUE: 'conflict',
  DUPLICATES_DETECTED: 'conflict',
  DUPLICATE_EXTERNAL_ID: 'conflict',
  ENTITY_IS_DELETED: 'not_found',
  NOT_FOUND: 'not_found',
  INVALID_CROSS_REFERENCE_KEY: 'not_found',
  INVALID_ID_FIELD: 'not_found',
  INVALID_FIELD: 'config',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'config',
  INVALID_TYPE: 'config',
  INSUFFICIENT_ACCESS: 'config',
  INSUFFICIENT_ACCESS_OR_READONLY: 'config',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'config',
  NO_ACCESS: 'config',
  CANNOT_UPDATE_CONVERTED_LEAD: 'invalid_record',
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'invalid_record',
  FIELD_INTEGRITY_EXCEPTION: 'invalid_record',
  INVALID_EMAIL_ADDRESS: 'invalid_record',
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'invalid_record',
  JSON_PARSER_ERROR: 'invalid_record',
  MALFORMED_ID: 'invalid_record',
  NUMBER_OUTSIDE_VALID_RANGE: 'invalid_record',
  REQUIRED_FIELD_MISSING: 'invalid_record',
  STRING_TOO_LONG: 'invalid_record',
};

export function recordErrorKind(statusCode: string): VendorErrorKind {
  return RECORD_KINDS[statusCode] ?? 'unknown';
}

export interface SalesforceRecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields?: readonly string[] | undefined;
}

/** A rejected record: the first error decides the kind; every message is kept for dead letters. */
export function toWriteFailure(errors: readonly SalesforceRecordError[]): WriteFailure {
  const first = errors[0];
  if (first === undefined) {
    return {
      kind: 'unknown',
      code: 'UNKNOWN',
      message: 'Salesforce rejected the record without a reason',
    };
  }
  const fields = [...new Set(errors.flatMap((error) => error.fields ?? []))];
  return {
    kind: recordErrorKind(first.statusCode),
    code: first.statusCode,
    message: errors.map((error) => error.message).join(' | '),
    ...(fields.length > 0 ? { fields } : {}),
  };
}

/** A whole-call failure the client raises itself (429/5xx/timeouts never reach jsforce's parser). */
export function httpStatusError(
  status: number,
  detail: string,
  retryAfterMs?: number,
): ConnectorError {
  const kind: VendorErrorKind = status === 429 || status === 420 ? 'rate_limited' : 'transient';
  return new ConnectorError('salesforce', kind, `Salesforce answered HTTP ${status}: ${detail}`, {
    code: `salesforce.http_${status}`,
    hint: 'leadloop retries this call with backoff; if it keeps happening, check https://status.salesforce.com.',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    details: { status },
  });
}

export interface BudgetSnapshot {
  readonly used?: number | undefined;
  readonly limit?: number | undefined;
  readonly allowed?: number | undefined;
}

const REFRESH_FAILED = /^Unable to refresh session due to: /;

function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { message?: unknown }).message === 'string' &&
      typeof (value as { name?: unknown }).name === 'string')
  );
}

/** jsforce errors carry the vendor's `errorCode` (REST) or `sf:CODE` fault code (SOAP). */
function vendorCode(error: Error): string | undefined {
  const code = (error as { errorCode?: unknown }).errorCode;
  return typeof code === 'string' ? code.replace(/^[a-z]+:/, '') : undefined;
}

export function toConnectorError(error: unknown, budget: BudgetSnapshot = {}): ConnectorError {
  if (error instanceof ConnectorError) return error;
  // Duck-typed, not `instanceof Error`: DOMException and errors from other realms (undici,
  // test VMs) are errors too.
  if (!isErrorLike(error)) {
    return new ConnectorError('salesforce', 'unknown', `Salesforce call failed: ${String(error)}`);
  }
  const code = vendorCode(error);
  const message = error.message;
  const make = (kind: VendorErrorKind, hint: string, errorCode = code ?? error.name) =>
    new ConnectorError('salesforce', kind, `Salesforce: ${message}`, {
      code: `salesforce.${kind}`,
      hint,
      cause: error,
      details: { vendorCode: errorCode },
    });

  if (REFRESH_FAILED.test(message)) {
    return make(
      'auth',
      'The session could not be renewed: check SALESFORCE_CLIENT_ID/SECRET (or the JWT key) and that the connected app is still approved for this user.',
      'REFRESH_FAILED',
    );
  }
  switch (code) {
    case 'INVALID_SESSION_ID':
    case 'INVALID_AUTH_HEADER':
    case 'INVALID_LOGIN':
      return make(
        'auth',
        'The Salesforce session is not valid: renew SALESFORCE_ACCESS_TOKEN, or configure OAuth (SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET) so leadloop renews it itself.',
      );
    case 'REQUEST_LIMIT_EXCEEDED':
      // Concurrent long-running requests clear up in seconds; the daily total does not.
      if (/concurrent/i.test(message))
        return make(
          'rate_limited',
          'Too many long requests at once in the org; leadloop backs off and retries.',
        );
      return new BudgetExhaustedError(
        'salesforce',
        budget.used ?? budget.limit ?? 0,
        budget.allowed ?? budget.limit ?? 0,
      );
    case 'UNABLE_TO_LOCK_ROW':
    case 'SERVER_UNAVAILABLE':
    case 'UNKNOWN_EXCEPTION':
      return make(
        'transient',
        'Salesforce was briefly unable to serve the call; leadloop retries it.',
      );
    case 'NOT_FOUND':
    case 'ENTITY_IS_DELETED':
      return make('not_found', 'The record or resource no longer exists in Salesforce.');
    case 'INVALID_TYPE':
    case 'INVALID_FIELD':
    case 'NO_SUCH_COLUMN':
    case 'INSUFFICIENT_ACCESS':
    case 'INSUFFICIENT_ACCESS_OR_READONLY':
    case 'API_DISABLED_FOR_ORG':
    case 'API_CURRENTLY_DISABLED':
    case 'FUNCTIONALITY_NOT_ENABLED':
      return make(
        'config',
        'Run `leadloop doctor`: an object or field is missing or not visible to the API user (run `leadloop setup`, then check the LeadLoop_Integration permission set).',
      );
    case 'MALFORMED_QUERY':
    case 'INVALID_QUERY_FILTER_OPERATOR':
      return make(
        'config',
        'leadloop built a query Salesforce rejected; check the field names in mappings/fields.yaml.',
      );
    default:
      break;
  }
  if (code !== undefined && /^ERROR_HTTP_(5\d\d|429|420)$/.test(code)) {
    return make(
      code === 'ERROR_HTTP_429' || code === 'ERROR_HTTP_420' ? 'rate_limited' : 'transient',
      'leadloop retries this call with backoff.',
    );
  }
  if (
    error.name === 'AbortError' ||
    error.name === 'TimeoutError' ||
    message === 'Request Timeout'
  ) {
    // jsforce's abort message speaks of "30 minutes" whatever the timeout was: say it plainly.
    return new ConnectorError(
      'salesforce',
      'transient',
      'Salesforce did not answer in time; the request was aborted',
      {
        code: 'salesforce.timeout',
        hint: 'leadloop retries the call. If it keeps happening, check the network to Salesforce or raise the client timeout.',
        cause: error,
        details: { vendorCode: 'TIMEOUT' },
      },
    );
  }
  if (error.name === 'TypeError' && /fetch failed|network|socket/i.test(message)) {
    return make(
      'transient',
      'The network to Salesforce failed; leadloop retries. Check DNS, proxy (HTTPS_PROXY) and firewall rules if it persists.',
      'NETWORK',
    );
  }
  return make('unknown', 'Unexpected Salesforce error; the vendor message above says more.');
}
