import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHubspotConnector } from '../../../connectors/hubspot/index.ts';
import { parseEnv } from '../../../src/config/env.ts';
import { ConnectorError } from '../../../src/sync/connector.ts';
import { isRetryableError } from '../../../src/sync/retry.ts';
import { fakeClock, TOKEN } from './support.ts';

/**
 * A HubSpot that accepts the connection and never answers (a hung load balancer). The
 * connector's socket timeout turns it into a transient error instead of a hung sync.
 */
describe('HubSpot client timeout', () => {
  let server: http.Server;
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer(() => {
      requests += 1; // never respond
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a hung connection becomes a transient, retryable error after the timeout', async () => {
    const { port } = server.address() as AddressInfo;
    const connector = createHubspotConnector({
      env: parseEnv({ HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_URL: `http://127.0.0.1:${port}` }),
      timeoutMs: 150,
      clock: fakeClock(),
    });
    const error = await connector.describe('contacts').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    await connector.close();

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({
      kind: 'transient',
      code: 'hubspot.timeout',
      message: 'HubSpot did not answer in time: no answer from HubSpot within 150 ms',
    });
    expect(isRetryableError(error)).toBe(true);
    expect(requests).toBe(1);
  });
});
