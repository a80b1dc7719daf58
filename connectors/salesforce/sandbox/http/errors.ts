/**
 * Salesforce REST errors: an HTTP status and a body `[{message, errorCode, fields?}]`, which
 * jsforce turns into an Error named after `errorCode`. Handlers throw SalesforceApiError; the
 * pipeline renders it (as a SOAP fault on the SOAP endpoints).
 */
export interface ErrorEntry {
  message: string;
  errorCode: string;
  fields?: string[];
}

export class SalesforceApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[] | undefined;

  constructor(status: number, errorCode: string, message: string, fields?: string[]) {
    super(message);
    this.name = 'SalesforceApiError';
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  body(): ErrorEntry[] {
    return [
      {
        message: this.message,
        errorCode: this.errorCode,
        ...(this.fields === undefined ? {} : { fields: this.fields }),
      },
    ];
  }
}

export const notFound = () =>
  new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidSession = () =>
  new SalesforceApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export const totalRequestsExceeded = () =>
  new SalesforceApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');

export const jsonParserError = (message: string) =>
  new SalesforceApiError(400, 'JSON_PARSER_ERROR', message);
