import { parseDateTime } from '../records/time.ts';
import type {
  CompareOp,
  Condition,
  DateRangeName,
  FieldPath,
  Literal,
  OrderItem,
  ParsedQuery,
  SelectItem,
} from './ast.ts';
import { SoqlError, unexpected } from './errors.ts';
import { tokenize, type Token } from './lexer.ts';

/**
 * Recursive-descent parser for the SOQL leadloop and its admins write: SELECT fields (with
 * relationship paths) or COUNT(), FROM, WHERE with AND/OR/NOT and parentheses (SOQL refuses
 * AND and OR mixed on one level without parentheses), = != <> < <= > >= LIKE IN NOT IN,
 * literals of every kind, ORDER BY … ASC|DESC NULLS FIRST|LAST, LIMIT, OFFSET.
 */
const DATE_RANGES = new Set<string>([
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'THIS_WEEK',
  'LAST_WEEK',
  'NEXT_WEEK',
  'THIS_MONTH',
  'LAST_MONTH',
  'NEXT_MONTH',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
]);
const WITH_N = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO']);
/** Clauses the sandbox does not implement: refused plainly rather than answered wrongly. */
const UNSUPPORTED = new Set(['GROUP', 'HAVING', 'WITH', 'TYPEOF', 'INCLUDES', 'EXCLUDES', 'USING']);

export function parseSoql(soql: string): ParsedQuery {
  return new Parser(tokenize(soql)).query();
}

class Parser {
  readonly #tokens: Token[];
  #i = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  query(): ParsedQuery {
    this.#keyword('SELECT');
    const select = this.#selectList();
    this.#keyword('FROM');
    const object = this.#ident();
    const query: { -readonly [K in keyof ParsedQuery]: ParsedQuery[K] } = {
      select,
      from: { name: object.value, at: object.at },
      orderBy: [],
    };
    if (this.#accept('WHERE')) query.where = this.#condition();
    if (this.#isKeyword('ORDER')) {
      this.#next();
      this.#keyword('BY');
      query.orderBy = this.#orderList();
    }
    if (this.#accept('LIMIT')) query.limit = this.#integer();
    if (this.#isKeyword('OFFSET')) {
      const at = this.#next().at;
      query.offset = { value: this.#integer(), at };
    }
    if (this.#accept('FOR')) {
      const mode = this.#ident();
      if (!['VIEW', 'REFERENCE', 'UPDATE'].includes(mode.value.toUpperCase()))
        throw unexpected(mode.text, mode.at);
    }
    const end = this.#peek();
    if (end.kind !== 'eof') throw this.#unsupportedOr(end);
    return query;
  }

  #selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      const token = this.#peek();
      if (token.kind === 'punct' && token.value === '(') {
        throw new SoqlError(
          'MALFORMED_QUERY',
          'Nested queries are not supported by the leadloop sandbox',
          token.at,
        );
      }
      if (this.#isKeyword('COUNT') && this.#peek(1).value === '(') {
        this.#next();
        this.#punct('(');
        if (this.#peek().value !== ')') {
          throw new SoqlError(
            'MALFORMED_QUERY',
            'COUNT(field) and other aggregate functions are not supported by the leadloop sandbox',
            token.at,
          );
        }
        this.#punct(')');
        items.push({ kind: 'count', at: token.at });
      } else {
        if (this.#peek(1).value === '(') {
          throw new SoqlError(
            'MALFORMED_QUERY',
            `${token.text}() is not supported by the leadloop sandbox`,
            token.at,
          );
        }
        items.push({ kind: 'field', path: this.#fieldPath() });
      }
    } while (this.#acceptPunct(','));
    const second = items[1];
    if (second !== undefined && items.some((item) => item.kind === 'count')) {
      const at = second.kind === 'field' ? second.path.at : second.at;
      throw new SoqlError(
        'MALFORMED_QUERY',
        'COUNT() cannot be combined with other fields in the SELECT list',
        at,
      );
    }
    return items;
  }

  #fieldPath(): FieldPath {
    const first = this.#ident();
    const parts = [first.value];
    while (this.#acceptPunct('.')) parts.push(this.#ident().value);
    return { parts, at: first.at };
  }

  /** One level of AND or OR (never both), each operand a NOT or a simple condition. */
  #condition(): Condition {
    const first = this.#unary();
    const operands = [first];
    let joiner: 'AND' | 'OR' | undefined;
    while (this.#isKeyword('AND') || this.#isKeyword('OR')) {
      const token = this.#peek();
      const word = token.value.toUpperCase() as 'AND' | 'OR';
      if (joiner !== undefined && word !== joiner) throw unexpected(token.text, token.at);
      joiner = word;
      this.#next();
      operands.push(this.#unary());
    }
    if (joiner === undefined) return first;
    return { kind: joiner === 'AND' ? 'and' : 'or', conditions: operands };
  }

  #unary(): Condition {
    if (this.#accept('NOT')) return { kind: 'not', condition: this.#unary() };
    if (this.#acceptPunct('(')) {
      const inner = this.#condition();
      this.#punct(')');
      return inner;
    }
    const field = this.#fieldPath();
    const token = this.#peek();
    if (token.kind === 'op') {
      this.#next();
      return { kind: 'compare', field, op: token.value as CompareOp, value: this.#literal() };
    }
    if (this.#accept('LIKE')) return { kind: 'like', field, pattern: this.#literal() };
    const negated = this.#isKeyword('NOT') && this.#peek(1).value.toUpperCase() === 'IN';
    if (negated) this.#next();
    if (this.#accept('IN')) {
      this.#punct('(');
      const values = [this.#literal()];
      while (this.#acceptPunct(',')) values.push(this.#literal());
      this.#punct(')');
      return { kind: 'in', field, values, negated };
    }
    throw this.#unsupportedOr(token);
  }

  #literal(): Literal {
    const token = this.#next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, at: token.at };
      case 'number':
        return { kind: 'number', value: Number(token.value), at: token.at };
      case 'date':
        return { kind: 'date', value: token.value, at: token.at };
      case 'datetime': {
        const ms = parseDateTime(token.value);
        if (ms === undefined)
          throw new SoqlError(
            'MALFORMED_QUERY',
            `value of filter criterion is not a valid dateTime: ${token.text}`,
            token.at,
          );
        return { kind: 'datetime', value: ms, at: token.at };
      }
      case 'ident': {
        const word = token.value.toUpperCase();
        if (word === 'NULL') return { kind: 'null', at: token.at };
        if (word === 'TRUE' || word === 'FALSE')
          return { kind: 'boolean', value: word === 'TRUE', at: token.at };
        if (DATE_RANGES.has(word)) {
          let n = 0;
          if (WITH_N.has(word)) {
            this.#punct(':');
            n = this.#integer();
          }
          return { kind: 'range', name: word as DateRangeName, n, at: token.at };
        }
        throw unexpected(token.text, token.at);
      }
      default:
        throw unexpected(token.text, token.at);
    }
  }

  #orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const field = this.#fieldPath();
      let descending = false;
      if (this.#accept('DESC')) descending = true;
      else this.#accept('ASC');
      let nullsLast = descending;
      if (this.#accept('NULLS')) {
        if (this.#accept('LAST')) nullsLast = true;
        else {
          this.#keyword('FIRST');
          nullsLast = false;
        }
      }
      items.push({ field, descending, nullsLast });
    } while (this.#acceptPunct(','));
    return items;
  }

  #integer(): number {
    const token = this.#next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.value))
      throw unexpected(token.text, token.at);
    return Number(token.value);
  }

  #unsupportedOr(token: Token): SoqlError {
    if (token.kind === 'ident' && UNSUPPORTED.has(token.value.toUpperCase())) {
      return new SoqlError(
        'MALFORMED_QUERY',
        `${token.value.toUpperCase()} is not supported by the leadloop sandbox`,
        token.at,
      );
    }
    return unexpected(token.text, token.at);
  }

  #peek(ahead = 0): Token {
    const token = this.#tokens[Math.min(this.#i + ahead, this.#tokens.length - 1)]!;
    if (token.error !== undefined) throw token.error;
    return token;
  }

  #next(): Token {
    const token = this.#peek();
    if (this.#i < this.#tokens.length - 1) this.#i += 1;
    return token;
  }

  #isKeyword(word: string): boolean {
    const token = this.#peek();
    return token.kind === 'ident' && token.value.toUpperCase() === word;
  }

  #accept(word: string): boolean {
    if (!this.#isKeyword(word)) return false;
    this.#next();
    return true;
  }

  #keyword(word: string): void {
    if (!this.#accept(word)) throw this.#unsupportedOr(this.#peek());
  }

  #ident(): Token {
    const token = this.#next();
    if (token.kind !== 'ident') throw unexpected(token.text, token.at);
    return token;
  }

  #acceptPunct(value: string): boolean {
    const token = this.#peek();
    if (token.kind !== 'punct' || token.value !== value) return false;
    this.#next();
    return true;
  }

  #punct(value: string): void {
    const token = this.#peek();
    if (!this.#acceptPunct(value)) throw unexpected(token.text, token.at);
  }
}
