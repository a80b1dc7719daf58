import { LeadloopError } from '../errors/leadloop-error.ts';

/**
 * One thing wrong in an admin-edited YAML file, located like a compiler error
 * (STYLE.md §7): every problem is collected, then all are reported at once.
 */
export interface ConfigProblem {
  /** The file as the admin knows it, e.g. `config/sla.yaml` (relative to the project root). */
  file: string;
  /** 1-based line and column of the offending key or value; 0 when the file itself is at fault. */
  line: number;
  column: number;
  /** Where in the document, e.g. `fields.title.rule`; empty for syntax errors. */
  path: string;
  /** Stable machine code, e.g. `yaml.syntax`, `key.unknown`, `value.invalid`, `secret.in_yaml`. */
  code: string;
  expected: string;
  found: string;
  /** The sentence shown after the location; usually `expected …, found …`. */
  message: string;
  hint: string | undefined;
}

/** `config/sla.yaml:12:5 windows.B: expected …, found … — hint: …` */
export function renderProblem(problem: ConfigProblem): string {
  const location =
    problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const path = problem.path === '' ? '' : ` ${problem.path}:`;
  const hint = problem.hint === undefined ? '' : ` — hint: ${problem.hint}`;
  return `${location}${path} ${problem.message}${hint}`;
}

/** Problems in file order, then line, then column, so the report reads top to bottom. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

/** The configuration is invalid; `problems` lists every mistake found, in file order. */
export class ConfigError extends LeadloopError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const sorted = sortProblems(problems);
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    super(
      'config.invalid',
      [`${count} in the configuration:`, ...sorted.map(renderProblem)].join('\n'),
      {
        hint: 'fix each line above, then run `leadloop config check` again',
        details: { problems: sorted },
      },
    );
    this.problems = Object.freeze(sorted);
  }
}
