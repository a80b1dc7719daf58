import { describe, expect, test } from '@jest/globals';
import { closestName } from '../../src/config/closest-name.ts';

/**
 * Found by the reliability suite's config fuzzing: a 100,000-character `schedules.timezone`
 * made the "did you mean" suggestion compute an edit distance against every IANA zone name —
 * about a hundred seconds before the config error appeared. Names whose length differs by more
 * than the allowed edits are now skipped; suggestions are unchanged.
 */
describe('did-you-mean suggestions', () => {
  test('a huge value gets no suggestion, at once', () => {
    expect(closestName('x'.repeat(100_000), Intl.supportedValuesOf('timeZone'))).toBeUndefined();
  }, 5_000);

  test('typos still get theirs', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    expect(closestName('Europe/Lodon', zones)).toBe('Europe/London');
    expect(closestName('america/new_yrok', zones)).toBe('America/New_York');
    expect(closestName('rul', ['rule', 'owner'])).toBe('rule');
    expect(closestName('x', ['rule', 'owner'])).toBeUndefined();
  });
});
