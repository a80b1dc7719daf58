import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ScoringConfigSchema, type ScoringConfig } from '../../src/lead/scoring.ts';
import { SlaConfigSchema, type SlaConfig } from '../../src/lead/sla.ts';

/** The shipped defaults, read as an admin's checkout has them (not through the config loader). */
const root = new URL('../../', import.meta.url);
export const readRepoFile = (path: string) => readFileSync(new URL(path, root), 'utf8');
export const readRepoJson = (path: string): unknown => JSON.parse(readRepoFile(path));

export function shippedScoring(): ScoringConfig {
  return ScoringConfigSchema.parse(parse(readRepoFile('config/scoring.yaml')));
}

export function shippedSla(): SlaConfig {
  return SlaConfigSchema.parse(parse(readRepoFile('config/sla.yaml')));
}

/** The messages of a failed parse, as `path: message` lines, for exact assertions. */
export function issuesOf(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): string[] {
  if (result.success || result.error === undefined) return [];
  return result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
  );
}
