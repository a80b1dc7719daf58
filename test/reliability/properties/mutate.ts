import fc from 'fast-check';

/**
 * Bad inputs that look like the real thing: a valid vendor payload (or config document) with
 * one value somewhere replaced by something else — a wrong type, a hostile string, a missing
 * or extra key — or with a part removed. Mixed with wholly arbitrary JSON.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const hostile = fc.constantFrom<Json>(
  '',
  ' ',
  'null',
  '__proto__',
  "O'Brien\\' OR Id != null --",
  '\u0000',
  '\ud800',
  'x'.repeat(100_000),
  '9'.repeat(400),
  '2026-13-45T99:99:99Z',
  'NaN',
  '-0',
  1e308,
  -1,
  0.5,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
);

export const junk: fc.Arbitrary<Json> = fc.oneof(
  hostile,
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.string({ unit: 'binary' }),
);

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length === 0 ? [] : [prefix];
  if (Array.isArray(value))
    return [...here, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value !== null && typeof value === 'object')
    return [
      ...here,
      ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key])),
    ];
  return here;
}

function replaceAt(value: Json, path: readonly (string | number)[], next: Json | undefined): Json {
  const [head, ...rest] = path;
  if (head === undefined) return next ?? null;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && next === undefined) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(copy[Number(head)] ?? null, rest, next);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const copy = { ...value };
    if (rest.length === 0 && next === undefined) delete copy[String(head)];
    else copy[String(head)] = replaceAt(copy[String(head)] ?? null, rest, next);
    return copy;
  }
  return value;
}

/** A sample with one to three of its values replaced or removed, or arbitrary JSON. */
export function mutated(sample: Json): fc.Arbitrary<Json> {
  const all = paths(sample);
  const edit = fc.record({
    path: fc.constantFrom(...all),
    next: fc.option(junk, { nil: undefined, freq: 4 }),
  });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(edit, { minLength: 1, maxLength: 3 })
        .map((edits) =>
          edits.reduce<Json>((doc, { path, next }) => replaceAt(doc, path, next), sample),
        ),
    },
    { weight: 1, arbitrary: junk },
  );
}

export type { Json };
