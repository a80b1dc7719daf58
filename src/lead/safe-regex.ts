/**
 * Admins write regular expressions in `config/scoring.yaml`, and each one runs on every lead of
 * every cycle. A pattern with nested repetition (`(\w+\s?)+`) or a back-reference can take
 * exponential time on an unlucky value (ReDoS), so such patterns are refused when the config is
 * validated, and values are cut to `REGEX_INPUT_LIMIT` characters before matching.
 *
 * The check is deliberately simple and conservative: it refuses any repeated group that itself
 * contains a repetition (`*`, `+`, `{n,}`, `{n,m}`), and back-references. `?` is not a repetition.
 */
export const REGEX_PATTERN_LIMIT = 200;
export const REGEX_INPUT_LIMIT = 1000;

export type RegexProblem =
  | { kind: 'too_long' }
  | { kind: 'invalid'; detail: string }
  | { kind: 'nested_repetition' }
  | { kind: 'back_reference' };

/** The length of the quantifier at `pattern[at]`, and whether it repeats (0 when there is none). */
function quantifierAt(pattern: string, at: number): { length: number; repeats: boolean } {
  const char = pattern[at];
  if (char === '*' || char === '+')
    return { length: lazyLength(pattern, at + 1, 1), repeats: true };
  if (char === '?') return { length: lazyLength(pattern, at + 1, 1), repeats: false };
  if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (braces === null) return { length: 0, repeats: false };
    const max =
      braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
    return {
      length: lazyLength(pattern, at + braces[0].length, braces[0].length),
      repeats: max > 1,
    };
  }
  return { length: 0, repeats: false };
}

/** A quantifier may be followed by `?` (lazy); it belongs to the quantifier. */
function lazyLength(pattern: string, after: number, length: number): number {
  return pattern[after] === '?' ? length + 1 : length;
}

/** Index just past the character class opening at `at` (`[...]`, escapes respected). */
function skipClass(pattern: string, at: number): number {
  let index = at + 1;
  if (pattern[index] === '^') index += 1;
  if (pattern[index] === ']') index += 1;
  while (index < pattern.length && pattern[index] !== ']') index += pattern[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** Finds nested repetition and back-references; assumes the pattern already compiled. */
function structuralProblem(pattern: string): RegexProblem | undefined {
  // One frame per open group: does anything inside it repeat?
  const groups: boolean[] = [false];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    let atomEnd: number;
    let atomRepeats = false;
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[index + 2] === '<')) {
        return { kind: 'back_reference' };
      }
      atomEnd = index + 2;
    } else if (char === '[') {
      atomEnd = skipClass(pattern, index);
    } else if (char === '(') {
      groups.push(false);
      // Skip a group's kind marker: (?:  (?=  (?!  (?<=  (?<!  (?<name>
      const marker = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)?/.exec(pattern.slice(index));
      index += marker?.[0].length ?? 1;
      continue;
    } else if (char === ')') {
      atomRepeats = groups.pop() ?? false;
      atomEnd = index + 1;
    } else {
      atomEnd = index + 1;
    }
    const quantifier = quantifierAt(pattern, atomEnd);
    if (quantifier.repeats && atomRepeats) return { kind: 'nested_repetition' };
    const inner = atomRepeats || quantifier.repeats;
    if (inner) groups[groups.length - 1] = true;
    index = atomEnd + quantifier.length;
  }
  return undefined;
}

/** Compiles an admin's pattern once, or says why it is refused. */
export function compileSafeRegex(
  pattern: string,
  caseSensitive: boolean,
): { regex: RegExp } | { problem: RegexProblem } {
  if (pattern.length > REGEX_PATTERN_LIMIT) return { problem: { kind: 'too_long' } };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, caseSensitive ? '' : 'i');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { problem: { kind: 'invalid', detail } };
  }
  const problem = structuralProblem(pattern);
  return problem === undefined ? { regex } : { problem };
}

/** Tests a value against a compiled rule pattern, on a bounded prefix of the value. */
export function regexMatches(regex: RegExp, value: string): boolean {
  return regex.test(value.slice(0, REGEX_INPUT_LIMIT));
}
