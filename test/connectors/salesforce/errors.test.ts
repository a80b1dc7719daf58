import { describe, expect, it } from '@jest/globals';
import {
  httpStatusError,
  recordErrorKind,
  toConnectorError,
  toWriteFailure,
} from '../../../connectors/salesforce/errors.ts';
import { SalesforceSaveResultsRaw } from '../../../connectors/salesforce/schemas.ts';
import { BudgetExhaustedError, ConnectorError } from '../../../src/sync/connector.ts';
import { isRetryableError } from '../../../src/sync/retry.ts';
import { fixture } from './fixtures.ts';

/** The shape jsforce throws: an Error named after the vendor errorCode. */
function jsforceError(errorCode: string, message: string): Error {
  const error = new Error(message) as Error & { errorCode: string };
  error.name = errorCode;
  error.errorCode = errorCode;
  return error;
}

describe('per-record Salesforce errors', () => {
  it('keeps the vendor code and message; UNABLE_TO_LOCK_ROW is transient', () => {
    const results = SalesforceSaveResultsRaw.parse(fixture('composite-partial-failure.json'));
    expect(toWriteFailure(results[1]!.errors)).toEqual({
      kind: 'invalid_record',
      code: 'INVALID_EMAIL_ADDRESS',
      message: 'Email: invalid email address: not-an-email',
      fields: ['Email'],
    });
    expect(toWriteFailure(results[2]!.errors)).toEqual({
      kind: 'transient',
      code: 'UNABLE_TO_LOCK_ROW',
      message: 'unable to obtain exclusive access to this record or 1 records: 00Q5g00000AbCdGEAV',
    });
  });

  it.each([
    ['DUPLICATE_VALUE', 'conflict'],
    ['ENTITY_IS_DELETED', 'not_found'],
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 'config'],
    ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'invalid_record'],
    ['CANNOT_UPDATE_CONVERTED_LEAD', 'invalid_record'],
    ['SOMETHING_NEW', 'unknown'],
  ])('%s → %s', (code, kind) => {
    expect(recordErrorKind(code)).toBe(kind);
  });
});

describe('whole-call Salesforce failures', () => {
  it('INVALID_SESSION_ID is an auth failure with a fix', () => {
    const error = toConnectorError(
      jsforceError('INVALID_SESSION_ID', 'Session expired or invalid'),
    );
    expect(error.kind).toBe('auth');
    expect(error.hint).toMatch(/SALESFORCE_ACCESS_TOKEN/);
    expect(isRetryableError(error)).toBe(false);
  });

  it('daily REQUEST_LIMIT_EXCEEDED stops the run as a spent budget', () => {
    const error = toConnectorError(
      jsforceError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      {
        used: 15_000,
        limit: 15_000,
        allowed: 7_500,
      },
    );
    expect(error).toBeInstanceOf(BudgetExhaustedError);
    expect(error.details).toEqual({ used: 15_000, allowed: 7_500 });
    expect(isRetryableError(error)).toBe(false);
  });

  it('concurrent REQUEST_LIMIT_EXCEEDED is a retryable rate limit', () => {
    const error = toConnectorError(
      jsforceError('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'),
    );
    expect(error.kind).toBe('rate_limited');
    expect(isRetryableError(error)).toBe(true);
  });

  it('SOAP fault codes lose their namespace prefix', () => {
    expect(toConnectorError(jsforceError('sf:INVALID_SESSION_ID', 'Invalid Session ID')).kind).toBe(
      'auth',
    );
  });

  it('429 and 5xx raised by the transport are retryable, with Retry-After', () => {
    const limited = httpStatusError(429, 'Too Many Requests', 2_000);
    expect(limited).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2_000,
      code: 'salesforce.http_429',
    });
    expect(httpStatusError(503, 'Service Unavailable').kind).toBe('transient');
    expect(toConnectorError(limited)).toBe(limited);
    expect(toConnectorError(jsforceError('ERROR_HTTP_502', '<html>bad gateway</html>')).kind).toBe(
      'transient',
    );
  });

  it('timeouts and network failures are transient', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(toConnectorError(abort)).toMatchObject({
      kind: 'transient',
      details: { vendorCode: 'TIMEOUT' },
    });
    const network = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(toConnectorError(network)).toMatchObject({
      kind: 'transient',
      details: { vendorCode: 'NETWORK' },
    });
  });

  it('a refused session refresh is an auth failure', () => {
    const error = toConnectorError(new Error('Unable to refresh session due to: invalid_client'));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.kind).toBe('auth');
  });

  it('a missing field is a config problem pointing at doctor', () => {
    const error = toConnectorError(
      jsforceError('INVALID_FIELD', "No such column 'LeadLoop_Stage__c' on entity 'Lead'"),
    );
    expect(error.kind).toBe('config');
    expect(error.hint).toMatch(/leadloop doctor/);
  });
});
