import { booleanOf, numberOf, textOf, type ScoringValue } from './record-values.ts';
import { regexMatches } from './safe-regex.ts';
import type { FitRule } from './scoring-rules.ts';

/**
 * A fit rule's test as a function of the field's value, with what the rule itself fixes (its
 * expected values trimmed and, unless case-sensitive, lower-cased) worked out once: the sync
 * runs every rule on every lead of every cycle.
 *
 * `equals` and `in`: a number compares as a number, true/false as a boolean, else as text.
 */
export type FitMatcher = (value: ScoringValue) => boolean;

function textMatcher(expected: readonly string[], caseSensitive: boolean): FitMatcher {
  const wanted = new Set(
    expected.map((text) => (caseSensitive ? text.trim() : text.trim().toLowerCase())),
  );
  return (value) => {
    const text = textOf(value);
    return text !== undefined && wanted.has(caseSensitive ? text : text.toLowerCase());
  };
}

function oneOf(values: readonly (string | number | boolean)[], caseSensitive: boolean): FitMatcher {
  const numbers = new Set(values.filter((value) => typeof value === 'number'));
  const booleans = new Set(values.filter((value) => typeof value === 'boolean'));
  const texts = values.filter((value) => typeof value === 'string');
  const byText = texts.length === 0 ? undefined : textMatcher(texts, caseSensitive);
  return (value) => {
    const number = numbers.size > 0 ? numberOf(value) : undefined;
    if (number !== undefined && numbers.has(number)) return true;
    const boolean = booleans.size > 0 ? booleanOf(value) : undefined;
    if (boolean !== undefined && booleans.has(boolean)) return true;
    return byText !== undefined && byText(value);
  };
}

export function fitMatcher(rule: FitRule): FitMatcher {
  const { test, caseSensitive } = rule;
  switch (test.op) {
    case 'equals':
      return oneOf([test.value], caseSensitive);
    case 'in':
      return oneOf(test.values, caseSensitive);
    case 'contains': {
      const wanted = caseSensitive ? test.text : test.text.toLowerCase();
      return (value) => {
        const text = textOf(value);
        if (text === undefined) return false;
        return (caseSensitive ? text : text.toLowerCase()).includes(wanted);
      };
    }
    case 'regex':
      return (value) => {
        const text = textOf(value);
        return text !== undefined && regexMatches(test.regex, text);
      };
    case 'range': {
      const { min, max } = test;
      return (value) => {
        const number = numberOf(value);
        if (number === undefined) return false;
        return (min === undefined || number >= min) && (max === undefined || number <= max);
      };
    }
    case 'exists':
      return (value) => (textOf(value) !== undefined) === test.exists;
  }
}
