import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { ConfigProblem } from './problem.ts';

/** A parsed YAML file that still knows where each key and value came from. */
export interface YamlSource {
  /** Display name, e.g. `mappings/fields.yaml`. */
  file: string;
  /** Plain data (maps → objects, sequences → arrays); null for an empty file. */
  data: unknown;
  /** Line and column of `path`: the value, or the key itself with `{ key: true }`. */
  locate(
    path: readonly PropertyKey[],
    options?: { key?: boolean },
  ): { line: number; column: number };
}

export type YamlReadResult =
  { ok: true; source: YamlSource } | { ok: false; problems: ConfigProblem[] };

const SYNTAX_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, never tabs',
  DUPLICATE_KEY: 'each key may appear only once in a map; delete or merge the repeated one',
  BLOCK_AS_IMPLICIT_KEY:
    'put a nested map on its own indented lines, or quote a value that contains ": "',
  MULTILINE_IMPLICIT_KEY: 'check the indentation of this line and the one above',
  BAD_INDENT: 'check the indentation and that every [ or { is closed',
  MISSING_CHAR: 'a quote or bracket is not closed',
};

/** Parses YAML text; syntax errors become problems with the yaml library's line and column. */
export function parseYaml(text: string, file: string): YamlReadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const seenLines = new Set<number>();
    const problems: ConfigProblem[] = [];
    for (const error of document.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      // One mistake often trips several errors on the same line; the first explains it best.
      if (seenLines.has(line)) continue;
      seenLines.add(line);
      const found = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
      const hint =
        text[error.pos[0]] === '*'
          ? 'a value starting with * must be quoted, e.g. "*/5 * * * *"'
          : (SYNTAX_HINTS[error.code] ?? 'check the YAML syntax around this line');
      problems.push({
        file,
        line,
        column: col,
        path: '',
        code: 'yaml.syntax',
        expected: 'valid YAML',
        found,
        message: `YAML syntax error: ${found}`,
        hint,
      });
    }
    return { ok: false, problems };
  }
  const data: unknown = document.toJS() ?? null;
  const root = document.contents;

  const locate: YamlSource['locate'] = (path, options = {}) => {
    let node: Node | null | undefined = root;
    let keyNode: Node | undefined;
    let resolved = 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair: Pair | undefined = node.items.find(
          (item: Pair) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair === undefined) break;
        keyNode = isScalar(pair.key) ? pair.key : undefined;
        // `key:` with nothing after it has no value node; point at the key instead.
        node = (pair.value as Node | null) ?? keyNode;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        keyNode = undefined;
        node = node.items[segment] as Node;
      } else break;
      resolved += 1;
    }
    // A missing key is reported at the key of the map that should hold it, and a problem with
    // a whole map or list at its key: the line the admin reads as its name.
    const missing = resolved < path.length;
    const collection = isMap(node) || isSeq(node);
    const wantKey = (options.key === true || missing || collection) && keyNode !== undefined;
    const target = wantKey ? keyNode : node;
    const offset = target?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return { ok: true, source: { file, data, locate } };
}

/** Reads and parses one YAML file; a missing file is reported by the caller, who knows why. */
export function readYamlFile(absolutePath: string, file: string): YamlReadResult {
  return parseYaml(readFileSync(absolutePath, 'utf8'), file);
}
