import type { ActiveFault } from '../../../../src/sandbox/faults.ts';
import { dailyLimitError, secondlyLimitError, tenSecondlyLimitError } from './rate-limits.ts';
import { HubspotApiError } from './respond.ts';

/**
 * Renders an injected fault the way HubSpot fails. `undefined` means "never answer" (hang):
 * the socket stays open until the client gives up or the server closes.
 */
const SERVER_ERROR_MESSAGES: Record<number, string> = {
  500: 'internal error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function faultError(fault: ActiveFault, search: boolean): HubspotApiError | undefined {
  switch (fault.kind) {
    case 'rate_limit':
      // Search has its own per-second policy; everything else hits the ten-second window.
      return search ? secondlyLimitError() : tenSecondlyLimitError();
    case 'daily_limit':
      return dailyLimitError();
    case 'server_error':
      return new HubspotApiError(
        fault.status,
        'INTERNAL_ERROR',
        SERVER_ERROR_MESSAGES[fault.status] ?? 'internal error',
      );
    case 'unable_to_lock_row':
      // HubSpot's analogue of a row lock: 423 Locked when many writes hit the same records.
      return new HubspotApiError(
        423,
        'LOCKED',
        'The record is locked by a concurrent update. Add a delay of about 2 seconds between requests and try again.',
      );
    case 'invalid_session':
      return invalidAuthenticationError();
    case 'hang':
      return undefined;
  }
}

export const invalidAuthenticationError = () =>
  new HubspotApiError(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );
