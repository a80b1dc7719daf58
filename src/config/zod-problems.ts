import type { z } from 'zod';
import { closestName } from './closest-name.ts';
import { describeFound, renderPath, valueAt } from './describe-value.ts';
import type { ConfigProblem } from './problem.ts';
import { helpAt, knownKeysAt } from './schema-help.ts';
import type { YamlSource } from './yaml-file.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map of keys',
  record: 'a map of keys',
  array: 'a list',
};

function oneOf(values: readonly unknown[]): string {
  const quoted = values.map((value) => JSON.stringify(value));
  if (quoted.length <= 1) return quoted[0] ?? 'nothing';
  return `one of ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
}

function limitText(issue: Issue & { code: 'too_big' | 'too_small' }): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  const inclusive = issue.inclusive !== false;
  const bound = big ? (inclusive ? 'at most' : 'below') : inclusive ? 'at least' : 'above';
  if (issue.origin === 'string') return `text of ${bound} ${limit} characters`;
  if (issue.origin === 'array') return `a list of ${bound} ${limit} items`;
  return `a number ${bound} ${limit}`;
}

/** What zod expected, in an admin's words. A message written as `expected …` wins. */
function expectedFor(issue: Issue): string {
  if (issue.message.startsWith('expected ')) return issue.message.slice('expected '.length);
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? issue.expected;
    case 'invalid_value':
      return oneOf(issue.values);
    case 'too_big':
    case 'too_small':
      return limitText(issue);
    case 'invalid_format':
      return issue.format === 'regex'
        ? `text matching ${issue.pattern ?? ''}`
        : `a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

function codeFor(issue: Issue): string {
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code;
  if (issue.code === 'invalid_type') return 'value.wrong_type';
  if (issue.code === 'too_big' || issue.code === 'too_small') return 'value.out_of_range';
  return 'value.invalid';
}

/** The union member the admin evidently meant: the only one whose shape fits what they wrote. */
function meantMember(issue: Issue & { code: 'invalid_union' }): readonly Issue[] | undefined {
  const fitting = issue.errors.filter(
    (member) => !member.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type'),
  );
  return fitting.length === 1 ? fitting[0] : undefined;
}

/** Turns zod issues for one YAML file into located problems, in the admin's words. */
export function problemsFromIssues(
  issues: readonly Issue[],
  source: YamlSource,
  schema: z.core.$ZodType,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const push = (
    path: Path,
    fields: Omit<ConfigProblem, 'file' | 'line' | 'column' | 'path' | 'message'>,
    atKey = false,
  ) => {
    const { line, column } = source.locate(path, { key: atKey });
    const message = `expected ${fields.expected}, found ${fields.found}`;
    problems.push({ file: source.file, line, column, path: renderPath(path), message, ...fields });
  };
  // Keys a typo evidently meant ("rul" → "rule"): their "missing" problem would repeat the typo's.
  const meantKeys = new Set<string>();
  const mapsWithUnknownKeys = new Set<string>();

  const visit = (issue: Issue, prefix: Path) => {
    const path = [...prefix, ...issue.path];
    const value = valueAt(source.data, path);
    const help = helpAt(schema, path);

    if (issue.code === 'unrecognized_keys') {
      mapsWithUnknownKeys.add(renderPath(path));
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        const meant = closestName(key, known);
        if (meant !== undefined) meantKeys.add(renderPath([...path, meant]));
        push(
          [...path, key],
          {
            code: 'key.unknown',
            expected: known.length > 0 ? `one of the keys ${known.join(', ')}` : 'no keys here',
            found: `the unknown key "${key}"`,
            hint:
              meant === undefined
                ? 'remove it; only the keys listed are allowed here'
                : `did you mean "${meant}"?`,
          },
          true,
        );
      }
      return;
    }
    if (issue.code === 'invalid_union') {
      // The member meant knows more (a typo in a key, a near-miss value) than the union does.
      const member = meantMember(issue);
      if (member !== undefined) {
        for (const inner of member) visit(inner, path);
        return;
      }
    }
    const paramHint =
      issue.code === 'custom' && typeof issue.params?.hint === 'string'
        ? issue.params.hint
        : undefined;
    const meant =
      issue.code === 'invalid_value' && typeof value === 'string'
        ? closestName(value, issue.values.map(String))
        : undefined;
    // A near miss says it all; otherwise the schema's own advice.
    const hint = meant === undefined ? (paramHint ?? help.hint) : `did you mean "${meant}"?`;
    const expected = issue.message.startsWith('expected ')
      ? expectedFor(issue)
      : (help.expected ?? expectedFor(issue));
    if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
      push(path, {
        code: 'key.missing',
        expected,
        found: 'nothing',
        hint: hint ?? `add the key "${String(path.at(-1))}"`,
      });
      return;
    }
    push(path, { code: codeFor(issue), expected, found: describeFound(value), hint });
  };

  for (const issue of issues) visit(issue, []);
  return problems.filter(
    (problem) =>
      !(problem.code === 'key.missing' && meantKeys.has(problem.path)) &&
      // A check on a map that also holds an unknown key judged an incomplete map.
      !(problem.code !== 'key.unknown' && mapsWithUnknownKeys.has(problem.path)),
  );
}
