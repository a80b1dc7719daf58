import { LeadloopError } from '../../src/errors/leadloop-error.ts';

/**
 * SOQL is built only from the pieces below, never from raw strings: identifiers are checked
 * against the API-name pattern and every value goes through one literal helper. The result
 * is branded `Soql`, so a raw string cannot be passed where SOQL is expected without a cast.
 */
declare const soqlBrand: unique symbol;
export type Soql = string & { readonly [soqlBrand]: true };

export class SoqlError extends LeadloopError {}

const trusted = (text: string) => text as Soql;

/** Salesforce API names: a letter, then letters, digits and underscores (`LeadLoop_Id__c`). */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export function soqlIdentifier(name: string): Soql {
  if (!IDENTIFIER.test(name) || name.endsWith('_')) {
    throw new SoqlError(
      'salesforce.soql_identifier',
      `Not a Salesforce API name: ${JSON.stringify(name)}`,
      {
        hint: 'Object and field names are letters, digits and underscores (e.g. LeadLoop_Stage__c); check mappings/fields.yaml.',
      },
    );
  }
  return trusted(name);
}

/** A field or relationship path: `Email`, `Owner.Email` (at most 5 levels, as SOQL allows). */
export function soqlField(path: string): Soql {
  const parts = path.split('.');
  if (parts.length > 5)
    throw new SoqlError('salesforce.soql_identifier', `Field path too deep: ${path}`);
  return trusted(parts.map((part) => soqlIdentifier(part)).join('.'));
}

// The SOQL reference's escape sequences ("Quoted String Escape Sequences"). One pass over the
// characters, which is the same as escaping the backslash first: a backslash this function
// adds is never looked at again, so it cannot be escaped twice or eat the next quote.
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function escapeChar(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  const code = char.codePointAt(0) ?? 0;
  // Other control characters have no short escape; SOQL accepts \uXXXX for any character.
  return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : char;
}

/** A quoted string literal: `soqlString("O'Brien")` → `'O\'Brien'`. */
export function soqlString(value: string): Soql {
  if (LONE_SURROGATE.test(value)) {
    // A lone surrogate cannot be sent in a URL (encodeURIComponent throws) and matches nothing.
    throw new SoqlError(
      'salesforce.soql_literal',
      'Text with a broken unicode surrogate cannot be queried',
      {
        hint: 'Clean the value at its source; it contains half of a unicode character.',
      },
    );
  }
  return trusted(`'${Array.from(value, escapeChar).join('')}'`);
}

/** A dateTime literal in UTC at second precision, the precision of SystemModstamp. */
export function soqlDateTime(value: Date | string): Soql {
  const at = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(at.getTime())) {
    throw new SoqlError('salesforce.soql_literal', `Not a timestamp: ${String(value)}`);
  }
  return trusted(at.toISOString().replace(/\.\d{3}Z$/, 'Z'));
}

export function soqlNumber(value: number): Soql {
  if (!Number.isFinite(value))
    throw new SoqlError('salesforce.soql_literal', `Not a finite number: ${value}`);
  return trusted(String(value));
}

export function soqlBoolean(value: boolean): Soql {
  return trusted(value ? 'true' : 'false');
}

/** `('a','b')` for `IN`; an empty list is a bug in the caller (SOQL rejects `IN ()`). */
export function soqlIn(values: readonly string[]): Soql {
  if (values.length === 0)
    throw new SoqlError('salesforce.soql_literal', 'IN needs at least one value');
  return trusted(`(${values.map((value) => soqlString(value)).join(',')})`);
}

export type SoqlOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'NOT IN';

export function condition(field: string, operator: SoqlOperator, literal: Soql): Soql {
  return trusted(`${soqlField(field)} ${operator} ${literal}`);
}

export function and(...conditions: readonly Soql[]): Soql {
  return trusted(conditions.map((part) => `(${part})`).join(' AND '));
}

export function or(...conditions: readonly Soql[]): Soql {
  return trusted(conditions.map((part) => `(${part})`).join(' OR '));
}

export interface SelectQuery {
  readonly fields: readonly string[];
  readonly from: string;
  readonly where?: Soql;
  readonly orderBy?: readonly string[];
  readonly limit?: number;
}

export function selectSoql(query: SelectQuery): Soql {
  if (query.fields.length === 0)
    throw new SoqlError('salesforce.soql_identifier', 'SELECT needs fields');
  const parts = [
    `SELECT ${query.fields.map((field) => soqlField(field)).join(', ')}`,
    `FROM ${soqlIdentifier(query.from)}`,
  ];
  if (query.where !== undefined) parts.push(`WHERE ${query.where}`);
  if (query.orderBy !== undefined && query.orderBy.length > 0)
    parts.push(`ORDER BY ${query.orderBy.map((field) => soqlField(field)).join(', ')}`);
  if (query.limit !== undefined) parts.push(`LIMIT ${soqlNumber(Math.trunc(query.limit))}`);
  return trusted(parts.join(' '));
}
