import { z } from 'zod';

/**
 * Help attached to a schema with `.meta(help({ expected, hint }))`: what the admin should write
 * and how to fix it. Problems are located by path, so the loader walks the schema along the
 * same path to find the help of the value at fault.
 */
export interface SchemaHelp {
  expected?: string;
  hint?: string;
}

export function help(value: SchemaHelp): z.core.GlobalMeta {
  return { ...value };
}

type Schema = z.core.$ZodType;
interface LooseDef {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  valueType?: Schema;
  element?: Schema;
  options?: readonly Schema[];
  getter?: () => Schema;
}

const defOf = (schema: Schema): LooseDef => schema._zod.def as unknown as LooseDef;

function metaOf(schema: Schema): SchemaHelp {
  const meta = z.globalRegistry.get(schema);
  if (meta === undefined) return {};
  const found: SchemaHelp = {};
  if (typeof meta.expected === 'string') found.expected = meta.expected;
  if (typeof meta.hint === 'string') found.hint = meta.hint;
  return found;
}

/** The wrappers around a schema (optional, default, pipe…) down to the schema that does the work. */
function layers(schema: Schema): Schema[] {
  const all: Schema[] = [schema];
  let current = schema;
  for (let depth = 0; depth < 20; depth += 1) {
    const def = defOf(current);
    const next = def.innerType ?? def.in ?? def.getter?.();
    if (next === undefined) break;
    all.push(next);
    current = next;
  }
  return all;
}

function child(schema: Schema, segment: PropertyKey): Schema | undefined {
  const inner = layers(schema).at(-1) ?? schema;
  const def = defOf(inner);
  switch (def.type) {
    case 'object': {
      const own = def.shape?.[String(segment)];
      return own ?? (defOf(def.catchall ?? inner).type === 'never' ? undefined : def.catchall);
    }
    case 'record':
      return def.valueType;
    case 'array':
      return def.element;
    case 'union':
      for (const option of def.options ?? []) {
        const found = child(option, segment);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The schema at `path`, or undefined when the path leaves the schema. */
export function schemaAt(root: Schema, path: readonly PropertyKey[]): Schema | undefined {
  let current: Schema | undefined = root;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = child(current, segment);
  }
  return current;
}

/** Help for the value at `path`: outer wrappers' help overrides inner. */
export function helpAt(root: Schema, path: readonly PropertyKey[]): SchemaHelp {
  const schema = schemaAt(root, path);
  if (schema === undefined) return {};
  return layers(schema)
    .reverse()
    .reduce<SchemaHelp>((merged, layer) => ({ ...merged, ...metaOf(layer) }), {});
}

/** The keys an object schema at `path` accepts (for unknown-key hints). */
export function knownKeysAt(root: Schema, path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(root, path);
  if (schema === undefined) return [];
  const def = defOf(layers(schema).at(-1) ?? schema);
  if (def.type === 'union') {
    return [...new Set((def.options ?? []).flatMap((option) => knownKeysAt(option, [])))];
  }
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}
