import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSalesforce, type SalesforceHarness } from './support.ts';

/** Salesforce answers with its own time in `Date`; the sandbox's clock (and skew) shows there. */
describe('Salesforce sandbox: the Date header follows the org clock', () => {
  let sf: SalesforceHarness;

  beforeAll(async () => {
    sf = await startSalesforce();
  });
  afterAll(() => sf.server.close());

  it('REST and version answers carry the sandbox clock, skew included', async () => {
    await sf.admin('/clock', { now: '2026-11-24T10:00:00.000Z' });
    for (const path of ['/services/data/v62.0/limits', '/services/data']) {
      const answer = await sf.raw('GET', path);
      expect(answer.status).toBe(200);
      expect(Date.parse(answer.headers.get('date')!)).toBeGreaterThanOrEqual(
        Date.parse('2026-11-24T10:00:00.000Z'),
      );
      expect(Date.parse(answer.headers.get('date')!)).toBeLessThan(
        Date.parse('2026-11-24T10:05:00.000Z'),
      );
    }
    await sf.admin('/clock', { offsetMs: -120_000 });
    const skewed = await sf.raw('GET', '/services/data/v62.0/limits');
    const behindBy = Date.now() - Date.parse(skewed.headers.get('date')!);
    expect(behindBy).toBeGreaterThanOrEqual(119_000);
    expect(behindBy).toBeLessThan(125_000);
  });
});
