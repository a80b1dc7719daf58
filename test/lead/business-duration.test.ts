import { describe, expect, it } from '@jest/globals';
import { BusinessDurationSchema, parseBusinessDuration } from '../../src/lead/sla.ts';

describe('business durations', () => {
  it.each([
    ['1h', 0, 60],
    ['90m', 0, 90],
    ['1h 30m', 0, 90],
    ['2 hours', 0, 120],
    ['4 business hours', 0, 240],
    ['45 min', 0, 45],
    ['1 business day', 1, 0],
    ['2 Business Days', 2, 0],
    ['3bd', 3, 0],
    ['1 business day 4h', 1, 240],
  ])('%s = %i business days + %i minutes', (text, businessDays, minutes) => {
    expect(parseBusinessDuration(text)).toEqual({ text, businessDays, minutes });
  });

  it.each(['', '0h', '1 day', '2d', 'soon', '1.5h', '-1h', 'h', '1 fortnight'])(
    'refuses %p',
    (text) => {
      expect(parseBusinessDuration(text)).toBeUndefined();
    },
  );

  it('explains a plain day in the schema message and hint', () => {
    const result = BusinessDurationSchema.safeParse('1 day');
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        message:
          'expected a business duration like "1h", "30m", "1 business day" or "2 business days"',
        params: {
          code: 'sla.bad_duration',
          hint: 'write "business day(s)": a plain day could mean 24 hours or a calendar day',
        },
      }),
    ]);
  });
});
