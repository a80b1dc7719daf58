import type { z } from 'zod';
import type { ConfigProblem } from './problem.ts';
import { findSecrets } from './secrets.ts';
import type { YamlSource } from './yaml-file.ts';
import { problemsFromIssues } from './zod-problems.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates one parsed YAML file against its schema, collecting every problem: secrets first
 * (their keys are not also reported as unknown), then the schema's own issues.
 */
export function validateYaml<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
  options: { emptyIsMap?: boolean } = {},
): Validated<z.output<S>> {
  const secrets = findSecrets(source);
  const data = source.data === null && options.emptyIsMap === true ? {} : source.data;
  const result = schema.safeParse(data);
  const secretPaths = secrets.map((secret) => secret.path);
  const underSecret = (path: string) =>
    secretPaths.some(
      (secret) => path === secret || path.startsWith(`${secret}.`) || path.startsWith(`${secret}[`),
    );
  const problems = [
    ...secrets,
    ...(result.success ? [] : problemsFromIssues(result.error.issues, source, schema)).filter(
      (problem) => !underSecret(problem.path),
    ),
  ];
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, value: result.data };
}
