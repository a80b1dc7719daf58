import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { sfError, startSalesforce, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * The daily API allowance (Sforce-Limit-Info on every answer, /limits, 403
 * REQUEST_LIMIT_EXCEEDED, a rolling 24 hours) and every injected fault kind as Salesforce
 * fails, seen through jsforce.
 */
describe('Salesforce sandbox: API limits and injected faults', () => {
  let sf: SalesforceHarness;
  const fault = (rule: Record<string, unknown>) =>
    sf.admin('/faults', { system: 'salesforce', ...rule });
  const calls = async (route: string) =>
    ((await sf.admin('/requests', undefined, 'GET')).body.salesforce.byRoute[route] as
      number | undefined) ?? 0;

  beforeAll(async () => {
    sf = await startSalesforce();
  });
  beforeEach(async () => {
    await sf.admin('/reset', { systems: ['salesforce'] });
  });
  afterAll(() => sf.server.close());

  it('reports usage in Sforce-Limit-Info on every answer and in /limits', async () => {
    const first = await sf.raw('GET', '/services/data/v62.0/sobjects/Lead/describe');
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/115000');
    const failed = await sf.raw(
      'GET',
      `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Nope FROM Lead')}`,
    );
    expect(failed.status).toBe(400);
    expect(failed.headers.get('sforce-limit-info')).toBe('api-usage=2/115000');
    const limits = await sf.conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 115000, Remaining: 114997 });
    expect(sf.conn.limitInfo).toEqual({ apiUsage: { used: 3, limit: 115000 } });
    expect(limits.DataStorageMB).toEqual({ Max: 1024, Remaining: 1024 });
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED past the daily maximum until 24 hours roll by', async () => {
    await sf.admin('/salesforce/limits', { dailyApiRequests: 5, used: 4 });
    expect((await sf.conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(0);
    const refused = await sf.raw('GET', '/services/data/v62.0/limits');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    expect(refused.headers.get('sforce-limit-info')).toBe('api-usage=5/5');
    expect(
      await sfError(() => sf.conn.sobject('Lead').create({ LastName: 'x', Company: 'y' })),
    ).toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    await sf.admin('/clock', { advanceMs: 24 * 3600_000 });
    expect(
      (await sf.raw('GET', '/services/data/v62.0/limits')).headers.get('sforce-limit-info'),
    ).toBe('api-usage=1/5');
  });

  it('renders rate_limit and daily_limit as REQUEST_LIMIT_EXCEEDED (403, not retried by jsforce)', async () => {
    await fault({ kind: 'rate_limit', path: '/limits' });
    expect(await sfError(() => sf.conn.limits())).toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'ConcurrentPerOrgLongTxn Limit exceeded.',
    });
    await fault({ kind: 'daily_limit', path: '/limits' });
    expect(await sfError(() => sf.conn.limits())).toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    expect(await calls('GET /services/data/v62.0/limits')).toBe(2);
  });

  it('renders server_error with its status: jsforce retries a GET and gives up on a POST', async () => {
    await fault({ kind: 'server_error', path: '/limits', status: 503 });
    expect((await sf.conn.limits()).DailyApiRequests?.Max).toBe(115000);
    expect(await calls('GET /services/data/v62.0/limits')).toBe(2);
    await fault({ kind: 'server_error', path: '/sobjects/Lead', method: 'POST', status: 500 });
    const failed = await sfError(() =>
      sf.conn.sobject('Lead').create({ LastName: 'x', Company: 'y' }),
    );
    expect(failed.errorCode).toBe('UNKNOWN_EXCEPTION');
    expect(failed.message).toMatch(
      /^An unexpected error occurred\. Please include this ErrorId if you contact support: /,
    );
    expect((await sf.conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(0);
  });

  it('renders hang as no answer at all: a client with a short timeout gives up', async () => {
    await fault({ kind: 'hang', path: '/limits' });
    const error = await sfError(() =>
      sf.conn.request(
        { method: 'GET', url: '/services/data/v62.0/limits' },
        { timeout: 300, retry: { maxRetries: 0 } },
      ),
    );
    expect(error.name).toBe('AbortError');
    expect((await sf.conn.limits()).DailyApiRequests?.Max).toBe(115000);
  });

  it('renders unable_to_lock_row per record on collections and as a 400 elsewhere', async () => {
    const [lead] = await sf.conn
      .sobject('Lead')
      .create([{ LastName: 'Locked', Company: 'Row Co' }]);
    await fault({ kind: 'unable_to_lock_row', path: '/composite/sobjects' });
    const results = await sf.conn.sobject('Lead').update([
      { Id: lead!.id!, Title: 'A' },
      { Id: lead!.id!, Title: 'B' },
    ]);
    const locked = {
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: `unable to obtain exclusive access to this record or 1 records: ${lead!.id}`,
      fields: [],
    };
    expect(results).toEqual([
      { id: lead!.id, success: false, errors: [locked] },
      { id: lead!.id, success: false, errors: [locked] },
    ]);
    expect(
      (await sf.conn.sobject('Lead').retrieve(lead!.id!, { fields: ['Title'] })).Title,
    ).toBeNull();
    await fault({ kind: 'unable_to_lock_row', path: '/sobjects/Lead/' });
    const single = await sf.raw('PATCH', `/services/data/v62.0/sobjects/Lead/${lead!.id}`, {
      body: { Title: 'C' },
    });
    expect(single.status).toBe(400);
    expect(single.body).toEqual([
      {
        message: `unable to obtain exclusive access to this record or 1 records: ${lead!.id}`,
        errorCode: 'UNABLE_TO_LOCK_ROW',
      },
    ]);
  });

  it('renders invalid_session as 401, which jsforce survives with a refreshFn', async () => {
    await fault({ kind: 'invalid_session', path: '/query' });
    expect(await sfError(() => sf.conn.query('SELECT Id FROM Lead'))).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    await fault({ kind: 'invalid_session', path: '/query' });
    let refreshed = 0;
    const conn = sf.connection({
      refreshFn: (current, callback) => {
        refreshed += 1;
        callback(null, current.accessToken ?? '');
      },
    });
    expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(0);
    expect(refreshed).toBe(1);
  });

  it('renders faults on the SOAP endpoints as SOAP faults', async () => {
    await fault({ kind: 'daily_limit', path: '/services/Soap/m' });
    expect(await sfError(() => sf.conn.metadata.list({ type: 'CustomField' }))).toMatchObject({
      errorCode: 'sf:REQUEST_LIMIT_EXCEEDED',
      message: 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.',
    });
    await fault({ kind: 'unable_to_lock_row', path: '/services/Soap/u' });
    const locked: JsonBody = await sfError(() => sf.conn.soap.getServerTimestamp());
    expect(locked.errorCode).toBe('sf:UNABLE_TO_LOCK_ROW');
  });
});
