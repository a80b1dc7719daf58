import { describe, expect, it } from '@jest/globals';
import { closestName, editDistance } from '../../src/config/closest-name.ts';
import { CronSchema, DurationSchema, isTimeZone, parseDuration } from '../../src/config/values.ts';

describe('config values', () => {
  it('parses durations in short and long units', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('15 minutes')).toBe(900_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2 fortnights')).toBeUndefined();
    expect(parseDuration('m5')).toBeUndefined();
    expect(DurationSchema.parse('2m')).toEqual({ text: '2m', ms: 120_000 });
  });

  it('accepts node-cron expressions with 5 or 6 fields only', () => {
    expect(CronSchema.safeParse('*/5 * * * *').success).toBe(true);
    expect(CronSchema.safeParse('0 9 * * MON-FRI').success).toBe(true);
    expect(CronSchema.safeParse('*/30 * * * * *').success).toBe(true);
    expect(CronSchema.safeParse('0 25 * * *').success).toBe(false);
    expect(CronSchema.safeParse('every 5 minutes').success).toBe(false);
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Pari')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('suggests a known name only for a likely typo', () => {
    expect(editDistance('prefr', 'prefer')).toBe(1);
    expect(editDistance('tilte', 'title')).toBe(1);
    expect(closestName('rul', ['hubspot', 'salesforce', 'rule', 'values'])).toBe('rule');
    expect(closestName('MQL', ['inquiry', 'mql', 'sal'])).toBe('mql');
    expect(closestName('pollIntervl', ['pollInterval', 'batchSize'])).toBe('pollInterval');
    expect(closestName('industry', ['email', 'firstName', 'title', 'country'])).toBeUndefined();
    expect(closestName('x', ['owner'])).toBeUndefined();
  });
});
