import type { SalesforceState } from '../state.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { Condition, Literal } from './ast.ts';
import { dateRange, literalValue } from './evaluate.ts';
import type { ResolvedQuery } from './resolve.ts';

/**
 * Where a query's candidate records come from: the ids an indexed equality names (Id, Email,
 * external ids, WhoId …), a SystemModstamp range of the modstamp index (already in
 * `ORDER BY SystemModstamp, Id` order), or every record. The WHERE predicate still runs on
 * every candidate, so an index only ever narrows.
 */
export type Source =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | {
      readonly kind: 'modstamp';
      readonly from?: number;
      readonly exclusive?: boolean;
      readonly to?: number;
      readonly toExclusive?: boolean;
    }
  | { readonly kind: 'scan' };

/** The conditions every match must meet: the operands of a top-level AND (or the one condition). */
function conjuncts(where: Condition | undefined): readonly Condition[] {
  if (where === undefined) return [];
  return where.kind === 'and' ? where.conditions : [where];
}

export function chooseSource(
  state: SalesforceState,
  store: ObjectStore,
  query: ResolvedQuery,
): Source {
  const parts = conjuncts(query.parsed.where);
  let range: Source | undefined;
  for (const part of parts) {
    if (part.kind !== 'compare' && part.kind !== 'in') continue;
    const path = query.paths.get(part.field)!;
    if (path.hops.length > 0) continue;
    const field = path.field;
    const values: readonly Literal[] | undefined =
      part.kind === 'in'
        ? part.negated
          ? undefined
          : part.values
        : part.op === '=' && part.value.kind !== 'range'
          ? [part.value]
          : undefined;
    if (values !== undefined && (field.type === 'id' || store.index(field.name) !== undefined)) {
      const ids = new Set<string>();
      for (const literal of values) {
        const value = literalValue(field, literal);
        if (value === null) return { kind: 'scan' };
        if (field.type === 'id') ids.add(String(value));
        else for (const id of store.lookup(field.name, value)) ids.add(id);
      }
      return { kind: 'ids', ids: [...ids].sort() };
    }
    if (field.name === 'SystemModstamp' && part.kind === 'compare' && range === undefined) {
      range = modstampRange(part.op, part.value, state.now());
    }
  }
  return range ?? { kind: 'scan' };
}

function modstampRange(op: string, literal: Literal, now: number): Source | undefined {
  let from: number;
  let to: number;
  if (literal.kind === 'datetime') {
    from = literal.value;
    to = literal.value;
  } else if (literal.kind === 'range') {
    const range = dateRange(literal, now);
    from = range.start;
    to = range.end;
    if (op === '=') return { kind: 'modstamp', from, to, toExclusive: true };
    if (op === '>=') return { kind: 'modstamp', from };
    if (op === '>') return { kind: 'modstamp', from: to };
    if (op === '<') return { kind: 'modstamp', to: from, toExclusive: true };
    if (op === '<=') return { kind: 'modstamp', to, toExclusive: true };
    return undefined;
  } else return undefined;
  switch (op) {
    case '=':
      return { kind: 'modstamp', from, to };
    case '>=':
      return { kind: 'modstamp', from };
    case '>':
      return { kind: 'modstamp', from, exclusive: true };
    case '<':
      return { kind: 'modstamp', to, toExclusive: true };
    case '<=':
      return { kind: 'modstamp', to };
    default:
      return undefined;
  }
}
