import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { z } from 'zod';
import { LeadloopError } from '../errors/leadloop-error.ts';
import { ScoringConfigSchema } from '../lead/scoring.ts';
import { SlaConfigSchema } from '../lead/sla.ts';
import { FieldMappingsSchema } from '../mapping/fields-schema.ts';
import { StageMappingsSchema } from '../mapping/stages-schema.ts';
import { crossCheck } from './cross-checks.ts';
import { MainConfigSchema, PathsSchema } from './leadloop-schema.ts';
import { ConfigError, type ConfigProblem } from './problem.ts';
import { validateYaml } from './validate-yaml.ts';
import { parseYaml, type YamlSource } from './yaml-file.ts';

export const CONFIG_FILES = ['main', 'scoring', 'sla', 'fields', 'stages'] as const;
export type ConfigFileKind = (typeof CONFIG_FILES)[number];

/** Where a config file lives: `path` for the machine, `name` as the admin knows it. */
export interface ConfigFile {
  path: string;
  name: string;
}

export interface LeadloopConfig {
  /** The project root the file paths start from (`paths.base`). */
  baseDir: string;
  files: Readonly<Record<ConfigFileKind, ConfigFile>>;
  main: z.output<typeof MainConfigSchema>;
  scoring: z.output<typeof ScoringConfigSchema>;
  sla: z.output<typeof SlaConfigSchema>;
  fields: z.output<typeof FieldMappingsSchema>;
  stages: z.output<typeof StageMappingsSchema>;
}

const SCHEMAS = {
  scoring: ScoringConfigSchema,
  sla: SlaConfigSchema,
  fields: FieldMappingsSchema,
  stages: StageMappingsSchema,
} as const;

/** Freezes plain objects and arrays; class instances (a compiled RegExp) keep their own state. */
function deepFreeze<T>(value: T): Readonly<T> {
  const plain =
    Array.isArray(value) ||
    (value !== null &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) === Object.prototype);
  if (plain && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Shown relative to the project root when inside it, absolute otherwise. */
function nameFor(baseDir: string, path: string): string {
  const inside = relative(baseDir, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return path;
  return inside.split(sep).join('/');
}

function readSource(
  path: string,
  name: string,
): { source?: YamlSource; problems: ConfigProblem[] } {
  const result = parseYaml(readFileSync(path, 'utf8'), name);
  return result.ok ? { source: result.source, problems: [] } : { problems: result.problems };
}

/**
 * Loads `config/leadloop.yaml` and the four files it names, validates each like a compiler,
 * checks them against each other, and returns one frozen, typed config. Any problem anywhere
 * throws a `ConfigError` listing all of them.
 */
export function loadConfig(options: {
  configPath: string;
  cwd?: string;
}): Readonly<LeadloopConfig> {
  const mainPath = resolve(options.cwd ?? process.cwd(), options.configPath);
  if (!existsSync(mainPath)) {
    throw new LeadloopError('config.not_found', `No config file at ${mainPath}`, {
      hint: 'pass --config <file> or set LEADLOOP_CONFIG; the repository ships config/leadloop.yaml',
    });
  }
  const mainText = readFileSync(mainPath, 'utf8');
  // The main file says where the project root is; read that first so every name is root-relative.
  const provisional = parseYaml(mainText, mainPath);
  const rawPaths = provisional.ok
    ? (provisional.source.data as { paths?: unknown } | null)?.paths
    : undefined;
  const parsedPaths = PathsSchema.safeParse(rawPaths ?? {});
  const paths = parsedPaths.success ? parsedPaths.data : PathsSchema.parse({});
  const baseDir = resolve(dirname(mainPath), paths.base);
  const files = { main: { path: mainPath, name: nameFor(baseDir, mainPath) } } as Record<
    ConfigFileKind,
    ConfigFile
  >;
  for (const kind of ['scoring', 'sla', 'fields', 'stages'] as const) {
    const path = resolve(baseDir, paths[kind]);
    files[kind] = { path, name: nameFor(baseDir, path) };
  }

  const problems: ConfigProblem[] = [];
  const sources: Partial<Record<ConfigFileKind, YamlSource>> = {};
  const values: Partial<Record<ConfigFileKind, unknown>> = {};

  const main = parseYaml(mainText, files.main.name);
  if (main.ok) {
    sources.main = main.source;
    const validated = validateYaml(main.source, MainConfigSchema, { emptyIsMap: true });
    if (validated.ok) values.main = validated.value;
    else problems.push(...validated.problems);
  } else problems.push(...main.problems);

  for (const kind of ['scoring', 'sla', 'fields', 'stages'] as const) {
    const file = files[kind];
    if (!existsSync(file.path)) {
      const at = sources.main?.locate(['paths', kind]) ?? { line: 0, column: 0 };
      problems.push({
        file: files.main.name,
        ...at,
        path: `paths.${kind}`,
        code: 'file.missing',
        expected: 'an existing file',
        found: `no file at ${file.name}`,
        message: `expected an existing file, found no file at ${file.name}`,
        hint: `create ${file.name} (the repository ships a default) or point paths.${kind} at yours`,
      });
      continue;
    }
    const read = readSource(file.path, file.name);
    problems.push(...read.problems);
    if (read.source === undefined) continue;
    sources[kind] = read.source;
    const validated = validateYaml(read.source, SCHEMAS[kind]);
    if (validated.ok) values[kind] = validated.value;
    else problems.push(...validated.problems);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  const config = { baseDir, files, ...values } as LeadloopConfig;
  const crossProblems = crossCheck(config, sources as Record<ConfigFileKind, YamlSource>);
  if (crossProblems.length > 0) throw new ConfigError(crossProblems);
  return deepFreeze(config);
}
