import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSalesforce, VERSION, type JsonBody, type SalesforceHarness } from './support.ts';

/**
 * Composite through jsforce's REST request: the describes leadloop batches into one call, the
 * per-subrequest answers (a failed subrequest does not fail the call), the request's own errors,
 * and the call counting once against the daily limit.
 */
describe('Salesforce sandbox: composite describes', () => {
  let sf: SalesforceHarness;
  const describeOf = (object: string, referenceId = object) => ({
    method: 'GET',
    url: `/services/data/v${VERSION}/sobjects/${object}/describe`,
    referenceId,
  });
  const composite = (compositeRequest: unknown[]) =>
    sf.conn.request<JsonBody>({
      method: 'POST',
      url: '/composite',
      body: JSON.stringify({ compositeRequest }),
      headers: { 'Content-Type': 'application/json' },
    });

  beforeAll(async () => {
    sf = await startSalesforce({ sandbox: { withLeadloopFields: true } });
  });
  afterAll(() => sf.server.close());

  it('answers each describe as the describe resource does, and counts one API call', async () => {
    const plain = (await sf.conn.describe('Lead')) as JsonBody;
    const used = async () => (await sf.conn.request<JsonBody>('/limits')).DailyApiRequests;
    const before = await used();
    const answer = await composite([describeOf('Lead'), describeOf('Task', 'task_1')]);
    const after = await used();
    // Two calls between the readings: the composite and the second /limits.
    expect(before.Remaining - after.Remaining).toBe(2);
    expect(answer.compositeResponse).toEqual([
      { body: plain, httpHeaders: {}, httpStatusCode: 200, referenceId: 'Lead' },
      {
        body: expect.objectContaining({ name: 'Task' }),
        httpHeaders: {},
        httpStatusCode: 200,
        referenceId: 'task_1',
      },
    ]);
  });

  it('a subrequest that fails answers in its place; the others succeed', async () => {
    const answer = await composite([describeOf('Widget__c', 'widget'), describeOf('User')]);
    expect(answer.compositeResponse[0]).toEqual({
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      httpHeaders: {},
      httpStatusCode: 404,
      referenceId: 'widget',
    });
    expect(answer.compositeResponse[1].httpStatusCode).toBe(200);
    const unsupported = await composite([
      {
        method: 'DELETE',
        url: `/services/data/v${VERSION}/sobjects/Lead/00Q000000000001`,
        referenceId: 'gone',
      },
    ]);
    expect(unsupported.compositeResponse[0]).toMatchObject({
      httpStatusCode: 400,
      body: [{ errorCode: 'NOT_SUPPORTED_IN_SANDBOX' }],
    });
  });

  it('refuses more than 25 subrequests, none, duplicate or malformed reference ids, malformed subrequests', async () => {
    const many = Array.from({ length: 26 }, (_, i) => describeOf('Lead', `lead_${i}`));
    await expect(composite(many)).rejects.toMatchObject({ errorCode: 'INVALID_INPUT' });
    await expect(composite([describeOf('Lead'), describeOf('Lead')])).rejects.toMatchObject({
      errorCode: 'INVALID_INPUT',
      message: 'Duplicate reference specified. Reference ID: Lead',
    });
    await expect(composite([describeOf('Lead', '1st')])).rejects.toMatchObject({
      errorCode: 'INVALID_INPUT',
    });
    await expect(composite([])).rejects.toMatchObject({ errorCode: 'JSON_PARSER_ERROR' });
    await expect(composite(['GET /sobjects/Lead/describe'])).rejects.toMatchObject({
      errorCode: 'INVALID_INPUT',
      message: 'Each subrequest must be an object',
    });
    await expect(composite([{ method: 'GET', referenceId: 'lead' }])).rejects.toMatchObject({
      errorCode: 'INVALID_INPUT',
      message: 'Each subrequest needs method, url and referenceId',
    });
  });
});
