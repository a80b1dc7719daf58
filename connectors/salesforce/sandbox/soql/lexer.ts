import { SoqlError } from './errors.ts';

/**
 * Splits SOQL into tokens. String literals are decoded here (`\'`, `\\`, `\n`, `\uXXXX` …);
 * `\%` and `\_` stay escaped, since only LIKE gives them meaning. Date and dateTime literals
 * (`2026-01-01`, `2026-01-01T00:00:00Z`, `…000+0000`, `…+01:00`) are tokens of their own.
 */
export type TokenKind =
  'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof' | 'error';

export interface Token {
  readonly kind: TokenKind;
  /** Decoded value (strings), the text otherwise. */
  readonly value: string;
  /** The token as written. */
  readonly text: string;
  readonly at: number;
  /** For an `error` token: what the parser reports if it gets this far. */
  readonly error?: SoqlError;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))?/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)/;
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  '%': '\\%',
  _: '\\_',
};

/**
 * A character the lexer cannot read becomes an `error` token at the end of the list, so an
 * earlier grammar error is reported first (Salesforce's parser does the same:
 * `WHERE Name = 'O'Brien'` fails on `Brien`, not on the quote left open after it).
 */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  try {
    lex(soql, tokens);
  } catch (error) {
    if (!(error instanceof SoqlError)) throw error;
    tokens.push({ kind: 'error', value: '', text: '', at: error.at ?? soql.length, error });
  }
  tokens.push({ kind: 'eof', value: '<EOF>', text: '<EOF>', at: soql.length });
  return tokens;
}

function lex(soql: string, tokens: Token[]): void {
  let i = 0;
  while (i < soql.length) {
    const char = soql[i]!;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    if (char === "'") {
      const { value, end } = readString(soql, i);
      tokens.push({ kind: 'string', value, text: soql.slice(start, end), at: start });
      i = end;
      continue;
    }
    const rest = soql.slice(i, i + 40);
    const dated = /^\d{4}-\d{2}-\d{2}/.test(rest) ? DATE_TIME.exec(rest) : null;
    if (dated !== null) {
      const text = dated[0];
      const kind = text.includes('T') ? 'datetime' : 'date';
      if (kind === 'date' && soql[i + text.length] === 'T') {
        throw new SoqlError(
          'MALFORMED_QUERY',
          `line 1:${i + text.length} no viable alternative at character 'T'`,
          i,
        );
      }
      tokens.push({ kind, value: text, text, at: start });
      i += text.length;
      continue;
    }
    const previous = tokens[tokens.length - 1];
    const signAllowed =
      previous === undefined ||
      previous.kind === 'op' ||
      (previous.kind === 'punct' && previous.value !== ')');
    const number =
      /[0-9.]/.test(char) || (signAllowed && /[+-]/.test(char)) ? NUMBER.exec(soql.slice(i)) : null;
    if (number !== null) {
      tokens.push({ kind: 'number', value: number[0], text: number[0], at: start });
      i += number[0].length;
      continue;
    }
    if (IDENT_START.test(char)) {
      while (i < soql.length && IDENT_PART.test(soql[i]!)) i += 1;
      const text = soql.slice(start, i);
      tokens.push({ kind: 'ident', value: text, text, at: start });
      continue;
    }
    const two = soql.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', value: two === '<>' ? '!=' : two, text: two, at: start });
      i += 2;
      continue;
    }
    if (char === '=' || char === '<' || char === '>') {
      tokens.push({ kind: 'op', value: char, text: char, at: start });
      i += 1;
      continue;
    }
    if ('(),.:'.includes(char)) {
      tokens.push({ kind: 'punct', value: char, text: char, at: start });
      i += 1;
      continue;
    }
    throw new SoqlError(
      'MALFORMED_QUERY',
      `line 1:${i} no viable alternative at character '${char}'`,
      i,
    );
  }
}

function readString(soql: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < soql.length) {
    const char = soql[i]!;
    if (char === "'") return { value, end: i + 1 };
    if (char === '\\') {
      const next = soql[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(soql.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(soql.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      const decoded = next === undefined ? undefined : ESCAPES[next];
      if (decoded === undefined) {
        const literal = soql.slice(start, soql.indexOf("'", i + 2) + 1 || soql.length);
        throw new SoqlError(
          'MALFORMED_QUERY',
          `Invalid string literal '${literal.slice(1, -1)}'. Illegal character sequence '\\${next ?? ''}' in string literal.`,
          start,
        );
      }
      value += decoded;
      i += 2;
      continue;
    }
    value += char;
    i += 1;
  }
  throw new SoqlError(
    'MALFORMED_QUERY',
    `line 1:${start} mismatched character '<EOF>' expecting '''`,
    start,
  );
}
