import type { ActiveFault } from '../../../../src/sandbox/faults.ts';
import { SalesforceApiError, invalidSession, totalRequestsExceeded } from './errors.ts';

/**
 * Renders an injected fault the way Salesforce fails: `undefined` means "never answer" (hang),
 * the socket stays open until the client gives up or the server closes.
 */
const SERVER_ERRORS: Readonly<Record<number, [string, string]>> = {
  500: [
    'UNKNOWN_EXCEPTION',
    'An unexpected error occurred. Please include this ErrorId if you contact support: 1948273165-40213 (-1209384756)',
  ],
  502: ['UNKNOWN_EXCEPTION', 'Bad Gateway'],
  503: ['SERVER_UNAVAILABLE', 'Server temporarily unavailable'],
  504: ['UNKNOWN_EXCEPTION', 'Gateway Timeout'],
};

export function faultError(
  fault: ActiveFault,
  recordIds: readonly string[] = [],
): SalesforceApiError | undefined {
  switch (fault.kind) {
    case 'daily_limit':
      return totalRequestsExceeded();
    case 'rate_limit':
      // Salesforce has no per-second REST limit; too many long-running requests at once is
      // its "slow down": the concurrent request limit, answered the same way as the daily one.
      return new SalesforceApiError(
        403,
        'REQUEST_LIMIT_EXCEEDED',
        'ConcurrentPerOrgLongTxn Limit exceeded.',
      );
    case 'server_error': {
      const [code, message] = SERVER_ERRORS[fault.status] ?? [
        'UNKNOWN_EXCEPTION',
        'An unexpected error occurred.',
      ];
      return new SalesforceApiError(fault.status, code, message);
    }
    case 'unable_to_lock_row':
      return new SalesforceApiError(400, 'UNABLE_TO_LOCK_ROW', lockMessage(recordIds[0]));
    case 'invalid_session':
      return invalidSession();
    case 'hang':
      return undefined;
  }
}

/** The row-lock message as Salesforce words it, naming the record it waited for. */
export function lockMessage(id: string | undefined): string {
  return `unable to obtain exclusive access to this record or 1 records: ${id ?? ''}`.trimEnd();
}
