import { describe, expect, it } from '@jest/globals';
import { compileSafeRegex, regexMatches } from '../../src/lead/safe-regex.ts';

const verdict = (pattern: string) => {
  const compiled = compileSafeRegex(pattern, false);
  return 'problem' in compiled ? compiled.problem.kind : 'ok';
};

describe('safe regular expressions', () => {
  it.each([
    ['\\b(chief|vp|vice president|head of|director)\\b', 'ok'],
    ['@(gmail|yahoo)\\.', 'ok'],
    ['^[A-Z]{2}-\\d+$', 'ok'],
    ['(?:ab?)+', 'ok'],
    ['[(+)]+x', 'ok'],
    ['(?<role>vp|cto)\\s+\\w+', 'ok'],
    ['(a+)+$', 'nested_repetition'],
    ['^(\\w+\\s?)*$', 'nested_repetition'],
    ['(?:x|(y{2,}))*', 'nested_repetition'],
    ['((ab)*c){2,5}', 'nested_repetition'],
    ['(a)\\1', 'back_reference'],
    ['(?<x>a)\\k<x>', 'back_reference'],
    ['(unclosed', 'invalid'],
    ['a'.repeat(201), 'too_long'],
  ])('%s → %s', (pattern, expected) => {
    expect(verdict(pattern)).toBe(expected);
  });

  it('ignores case unless asked, and matches only the first 1000 characters', () => {
    const compiled = compileSafeRegex('director', false);
    if (!('regex' in compiled)) throw new Error('expected a compiled pattern');
    expect(regexMatches(compiled.regex, 'Director of IT')).toBe(true);
    expect(regexMatches(compiled.regex, `${'x'.repeat(1000)}director`)).toBe(false);
    const exact = compileSafeRegex('director', true);
    expect('regex' in exact && regexMatches(exact.regex, 'Director')).toBe(false);
  });

  it('keeps working on a frozen pattern (the config loader deep-freezes configs)', () => {
    const compiled = compileSafeRegex('\\bvp\\b', false);
    if (!('regex' in compiled)) throw new Error('expected a compiled pattern');
    const frozen = Object.freeze(compiled.regex);
    expect([regexMatches(frozen, 'VP Sales'), regexMatches(frozen, 'VP Sales')]).toEqual([
      true,
      true,
    ]);
  });
});
