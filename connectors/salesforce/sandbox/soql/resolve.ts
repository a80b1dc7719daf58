import type { FieldDef, FieldType } from '../schema/fields.ts';
import { NAME_ENTITY_FIELDS, type ObjectSchema, type SchemaRegistry } from '../schema/registry.ts';
import { canonicalId } from '../store/ids.ts';
import type { Condition, FieldPath, Literal, ParsedQuery } from './ast.ts';
import { SoqlError, noSuchColumn, unknownObject, unknownRelationship } from './errors.ts';

/**
 * Checks a parsed query against the org's schema, as Salesforce does before running it:
 * unknown objects (INVALID_TYPE), fields and relationships (INVALID_FIELD), literals of the
 * wrong type for their field, malformed ids (INVALID_QUERY_FILTER_OPERATOR).
 */
export interface ResolvedPath {
  /** Reference fields followed, in order (`OwnerId` for `Owner.Email`). */
  readonly hops: readonly FieldDef[];
  readonly field: FieldDef;
  /** Output keys: relationship names then the field (`['Owner', 'Email']`). */
  readonly keys: readonly string[];
  /** Whether the last hop is polymorphic (its nested record's type reads `Name`). */
  readonly viaName: boolean;
}

export interface ResolvedQuery {
  readonly object: ObjectSchema;
  readonly select: readonly ResolvedPath[] | 'count';
  readonly parsed: ParsedQuery;
  readonly paths: Map<FieldPath, ResolvedPath>;
}

const TEXT = new Set<FieldType>([
  'string',
  'email',
  'phone',
  'url',
  'textarea',
  'picklist',
  'combobox',
]);
const NUMBER = new Set<FieldType>(['double', 'currency', 'percent', 'int']);
const NAME_ENTITY = new Map(NAME_ENTITY_FIELDS.map((field) => [field.name.toLowerCase(), field]));

export function resolveQuery(registry: SchemaRegistry, parsed: ParsedQuery): ResolvedQuery {
  const object = registry.object(parsed.from.name);
  if (object === undefined) throw unknownObject(parsed.from.name, parsed.from.at);
  const paths = new Map<FieldPath, ResolvedPath>();
  const resolve = (path: FieldPath) => {
    const resolved = resolvePath(registry, object, path);
    paths.set(path, resolved);
    return resolved;
  };
  let select: ResolvedPath[] | 'count' = 'count';
  if (parsed.select[0]?.kind !== 'count') {
    select = [];
    const seen = new Set<string>();
    for (const item of parsed.select) {
      if (item.kind !== 'field') continue;
      const resolved = resolve(item.path);
      const key = resolved.keys.join('.').toLowerCase();
      if (seen.has(key))
        throw new SoqlError(
          'MALFORMED_QUERY',
          `duplicate field selected: ${resolved.keys.join('.')}`,
          item.path.at,
        );
      seen.add(key);
      select.push(resolved);
    }
  }
  if (parsed.where !== undefined) checkCondition(parsed.where, resolve);
  for (const item of parsed.orderBy) {
    const resolved = resolve(item.field);
    if (resolved.field.type === 'textarea' && resolved.field.length > 255) {
      throw new SoqlError(
        'INVALID_FIELD',
        `field '${resolved.field.name}' can not be sorted in a query call`,
        item.field.at,
      );
    }
  }
  if (parsed.offset !== undefined && parsed.offset.value > 2000) {
    throw new SoqlError(
      'NUMBER_OUTSIDE_VALID_RANGE',
      'Maximum SOQL offset allowed is 2000',
      parsed.offset.at,
    );
  }
  return { object, select, parsed, paths };
}

function resolvePath(registry: SchemaRegistry, root: ObjectSchema, path: FieldPath): ResolvedPath {
  let parts = path.parts;
  // `Lead.Email` in a query FROM Lead names the queried object itself.
  if (parts.length > 1 && parts[0]!.toLowerCase() === root.name.toLowerCase())
    parts = parts.slice(1);
  const hops: FieldDef[] = [];
  const keys: string[] = [];
  let schema: ObjectSchema | undefined = root;
  let viaName = false;
  for (let i = 0; i < parts.length - 1; i += 1) {
    const name = parts[i]!;
    const hop: FieldDef | undefined = schema?.relationship(name);
    if (hop === undefined || viaName) throw unknownRelationship(name, path.at);
    hops.push(hop);
    keys.push(hop.relationshipName!);
    viaName = hop.referenceTo.length > 1;
    schema = viaName ? undefined : registry.object(hop.referenceTo[0]!);
  }
  const last = parts[parts.length - 1]!;
  const field = viaName ? NAME_ENTITY.get(last.toLowerCase()) : schema?.field(last);
  if (field === undefined)
    throw noSuchColumn(last, viaName ? 'Name' : (schema?.name ?? root.name), path.at);
  keys.push(field.name);
  return { hops, field, keys, viaName };
}

function checkCondition(condition: Condition, resolve: (path: FieldPath) => ResolvedPath): void {
  switch (condition.kind) {
    case 'and':
    case 'or':
      for (const inner of condition.conditions) checkCondition(inner, resolve);
      return;
    case 'not':
      checkCondition(condition.condition, resolve);
      return;
    case 'compare':
    case 'like':
    case 'in': {
      const { field } = resolve(condition.field);
      if (!filterable(field)) {
        throw new SoqlError(
          'INVALID_FIELD',
          `field '${field.name}' can not be filtered in a query call`,
          condition.field.at,
        );
      }
      if (condition.kind === 'like') {
        if (!TEXT.has(field.type) || condition.pattern.kind !== 'string') {
          throw new SoqlError(
            'INVALID_FIELD',
            `invalid operator on field '${field.name}': LIKE`,
            condition.field.at,
          );
        }
        return;
      }
      const values = condition.kind === 'in' ? condition.values : [condition.value];
      for (const value of values) checkLiteral(field, value);
      if (
        condition.kind === 'compare' &&
        condition.op !== '=' &&
        condition.op !== '!=' &&
        field.type === 'boolean'
      ) {
        throw new SoqlError(
          'INVALID_QUERY_FILTER_OPERATOR',
          `invalid operator on boolean field: ${condition.op}`,
          condition.field.at,
        );
      }
      return;
    }
  }
}

const filterable = (field: FieldDef) => field.type !== 'textarea' || field.length <= 255;

function checkLiteral(field: FieldDef, literal: Literal): void {
  if (literal.kind === 'null') return;
  const wrong = (type: string, quoted: boolean) =>
    new SoqlError(
      'INVALID_FIELD',
      `value of filter criterion for field '${field.name}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
      literal.at,
    );
  if (field.type === 'id' || field.type === 'reference') {
    if (literal.kind !== 'string') throw wrong('id', true);
    if (canonicalId(literal.value) === undefined) {
      throw new SoqlError(
        'INVALID_QUERY_FILTER_OPERATOR',
        `invalid ID field: ${literal.value}`,
        literal.at,
      );
    }
    return;
  }
  if (TEXT.has(field.type)) {
    if (literal.kind !== 'string') throw wrong('string', true);
    return;
  }
  if (field.type === 'boolean' && literal.kind !== 'boolean') throw wrong('boolean', false);
  if (NUMBER.has(field.type) && literal.kind !== 'number')
    throw wrong(field.type === 'int' ? 'integer' : 'double', false);
  if (field.type === 'date' && literal.kind !== 'date' && literal.kind !== 'range')
    throw wrong('date', false);
  if (field.type === 'datetime' && literal.kind !== 'datetime' && literal.kind !== 'range')
    throw wrong('dateTime', false);
}
