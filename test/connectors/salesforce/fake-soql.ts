/**
 * The small part of SOQL the connector sends, parsed the way Salesforce reads it: a test
 * double's query engine. Literals are decoded per the SOQL reference ("Quoted String Escape
 * Sequences"), independently of the connector's escaper, so a round trip proves the escaping.
 */
export type Literal = string | boolean | Date | readonly string[];

export interface Condition {
  readonly field: string;
  readonly operator: '=' | '!=' | '>=' | '>' | '<' | '<=' | 'IN';
  readonly value: Literal;
}

export interface ParsedQuery {
  readonly fields: string[];
  readonly object: string;
  readonly where: Condition[];
  readonly orderBy: string[];
}

export class SoqlSyntaxError extends Error {}

const UNESCAPE: Readonly<Record<string, string>> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

class Scanner {
  position = 0;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  skipSpace(): void {
    while (this.text[this.position] === ' ') this.position += 1;
  }

  word(): string {
    this.skipSpace();
    const match = /^[A-Za-z0-9_.:+-]+/.exec(this.text.slice(this.position));
    if (match === null)
      throw new SoqlSyntaxError(
        `unexpected ${JSON.stringify(this.text.slice(this.position, this.position + 20))}`,
      );
    this.position += match[0].length;
    return match[0];
  }

  expect(token: string): void {
    this.skipSpace();
    if (!this.text.startsWith(token, this.position))
      throw new SoqlSyntaxError(`expected ${token} at ${this.position}`);
    this.position += token.length;
  }

  peek(token: string): boolean {
    this.skipSpace();
    return this.text.startsWith(token, this.position);
  }

  string(): string {
    this.expect("'");
    let value = '';
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) throw new SoqlSyntaxError('unterminated string');
      this.position += 1;
      if (char === "'") return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const next = this.text[this.position] ?? '';
      this.position += 1;
      if (next === 'u') {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SoqlSyntaxError('bad \\u escape');
        value += String.fromCharCode(parseInt(hex, 16));
        this.position += 4;
      } else if (UNESCAPE[next] !== undefined) value += UNESCAPE[next];
      else throw new SoqlSyntaxError(`invalid escape \\${next}`); // as Salesforce: any other use is an error
    }
  }

  literal(): Literal {
    if (this.peek("'")) return this.string();
    if (this.peek('(')) {
      this.expect('(');
      const values = [this.string()];
      while (this.peek(',')) {
        this.expect(',');
        values.push(this.string());
      }
      this.expect(')');
      return values;
    }
    const word = this.word();
    if (word === 'true' || word === 'false') return word === 'true';
    const at = new Date(word);
    if (/^\d{4}-\d{2}-\d{2}T/.test(word) && !Number.isNaN(at.getTime())) return at;
    throw new SoqlSyntaxError(`unsupported literal ${word}`);
  }
}

function condition(scanner: Scanner): Condition {
  const field = scanner.word();
  scanner.skipSpace();
  const operator = (['>=', '<=', '!=', '=', '>', '<', 'IN'] as const).find((op) =>
    scanner.peek(op),
  );
  if (operator === undefined) throw new SoqlSyntaxError(`no operator after ${field}`);
  scanner.expect(operator);
  return { field, operator, value: scanner.literal() };
}

export function parseSoql(soql: string): ParsedQuery {
  const scanner = new Scanner(soql);
  scanner.expect('SELECT');
  const fields = [scanner.word()];
  while (scanner.peek(',')) {
    scanner.expect(',');
    fields.push(scanner.word());
  }
  scanner.expect('FROM');
  const object = scanner.word();
  const where: Condition[] = [];
  if (scanner.peek('WHERE')) {
    scanner.expect('WHERE');
    for (;;) {
      const parenthesised = scanner.peek('(');
      if (parenthesised) scanner.expect('(');
      where.push(condition(scanner));
      if (parenthesised) scanner.expect(')');
      if (!scanner.peek('AND')) break;
      scanner.expect('AND');
    }
  }
  const orderBy: string[] = [];
  if (scanner.peek('ORDER BY')) {
    scanner.expect('ORDER BY');
    orderBy.push(scanner.word());
    while (scanner.peek(',')) {
      scanner.expect(',');
      orderBy.push(scanner.word());
    }
  }
  scanner.skipSpace();
  if (scanner.position !== soql.length)
    throw new SoqlSyntaxError(`unexpected text: ${soql.slice(scanner.position)}`);
  return { fields, object, where, orderBy };
}

/** SOQL compares text case-insensitively. */
export function matches(
  row: Readonly<Record<string, unknown>>,
  where: readonly Condition[],
): boolean {
  return where.every(({ field, operator, value }) => {
    const actual = row[field];
    if (Array.isArray(value)) {
      const wanted = new Set(value.map((entry) => entry.toLowerCase()));
      return typeof actual === 'string' && wanted.has(actual.toLowerCase());
    }
    if (value instanceof Date) {
      const at = typeof actual === 'string' ? Date.parse(actual) : NaN;
      const bound = value.getTime();
      return operator === '>='
        ? at >= bound
        : operator === '>'
          ? at > bound
          : operator === '<'
            ? at < bound
            : operator === '<='
              ? at <= bound
              : at === bound;
    }
    const equal =
      typeof value === 'string' && typeof actual === 'string'
        ? actual.toLowerCase() === value.toLowerCase()
        : actual === value;
    return operator === '!=' ? !equal : equal;
  });
}
