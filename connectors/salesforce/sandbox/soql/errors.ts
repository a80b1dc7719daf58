import { SalesforceApiError } from '../http/errors.ts';

/**
 * SOQL errors as Salesforce words them: the offending line of the query, a caret under the
 * position, `ERROR at Row:R:Column:C`, then the reason — e.g.
 * `\nSELECT Foo FROM Lead\n       ^\nERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Lead'. …`
 */
export class SoqlError extends Error {
  readonly errorCode: string;
  /** Offset in the query text (0-based), or undefined for errors without a position. */
  readonly at: number | undefined;

  constructor(errorCode: string, message: string, at?: number) {
    super(message);
    this.name = 'SoqlError';
    this.errorCode = errorCode;
    this.at = at;
  }

  toApiError(soql: string): SalesforceApiError {
    return new SalesforceApiError(
      400,
      this.errorCode,
      this.at === undefined ? this.message : positioned(soql, this.at, this.message),
    );
  }
}

const WINDOW = 60;

function positioned(soql: string, at: number, reason: string): string {
  const before = soql.slice(0, at);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = soql.indexOf('\n', at) === -1 ? soql.length : soql.indexOf('\n', at);
  const column = at - lineStart + 1;
  let line = soql.slice(lineStart, lineEnd);
  let caret = column - 1;
  // Long lines are cut around the error, as Salesforce does.
  if (line.length > 2 * WINDOW) {
    const from = Math.max(0, caret - WINDOW);
    line = line.slice(from, from + 2 * WINDOW);
    caret -= from;
  }
  return `\n${line}\n${' '.repeat(caret)}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
}

export const unexpected = (text: string, at: number) =>
  new SoqlError('MALFORMED_QUERY', `unexpected token: '${text}'`, at);

export const noSuchColumn = (name: string, entity: string, at: number) =>
  new SoqlError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    at,
  );

export const unknownRelationship = (name: string, at: number) =>
  new SoqlError(
    'INVALID_FIELD',
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    at,
  );

export const unknownObject = (name: string, at: number) =>
  new SoqlError(
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    at,
  );
