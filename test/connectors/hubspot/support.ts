import { readFileSync } from 'node:fs';
import nock from 'nock';
import { parseEnv } from '../../../src/config/env.ts';
import {
  createHubspotConnector,
  type HubspotConnector,
  type HubspotConnectorOptions,
  type PacingClock,
} from '../../../connectors/hubspot/index.ts';

/**
 * HubSpot connector tests: nock plays HubSpot for the real @hubspot/api-client, with
 * vendor-shaped fixtures from test/fixtures/hubspot/{connector,vendor}. Unmatched requests
 * fail (net connect is off): nothing leaves 127.0.0.1.
 */
export const BASE = 'http://127.0.0.1:4010';
export const TOKEN = 'pat-na1-11111111-2222-4333-8444-555555555555';
export const APP_ID = 2_718_281;

/** A JSON body asserted with expect(), so loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by assertions
export type Json = any;

export interface Fixture {
  readonly source: string;
  readonly note: string;
  readonly request: { method: string; path: string; body?: Json };
  readonly response: { status: number; headers: Record<string, string>; body: Json };
}

const DIR = new URL('../../fixtures/hubspot/', import.meta.url);

export function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as Fixture;
}

/** A time that only moves when someone sleeps: pacing waits cost nothing and are counted. */
export interface FakeClock extends PacingClock {
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function fakeClock(startMs = Date.parse('2026-11-23T10:00:00.000Z')): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** The headers HubSpot sends on non-search answers of a private app. */
export function rateHeaders(
  over: { daily?: number; dailyRemaining?: number; max?: number; remaining?: number } = {},
): Record<string, string> {
  return {
    'content-type': 'application/json;charset=utf-8',
    date: 'Mon, 23 Nov 2026 10:00:00 GMT',
    'x-hubspot-ratelimit-daily': String(over.daily ?? 1_000_000),
    'x-hubspot-ratelimit-daily-remaining': String(over.dailyRemaining ?? 999_000),
    'x-hubspot-ratelimit-interval-milliseconds': '10000',
    'x-hubspot-ratelimit-max': String(over.max ?? 190),
    'x-hubspot-ratelimit-remaining': String(over.remaining ?? 180),
  };
}

export function hubspot(): nock.Scope {
  return nock(BASE);
}

export function resetNock(): void {
  nock.cleanAll();
  nock.disableNetConnect();
}

export function connect(
  options: Omit<HubspotConnectorOptions, 'env'> & { clock?: PacingClock } = {},
): HubspotConnector {
  return createHubspotConnector({
    env: parseEnv({ HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_URL: BASE }),
    clock: fakeClock(),
    appId: APP_ID,
    ...options,
  });
}

/** The contact property definitions of a portal after `leadloop setup`. */
export function portalProperties(drop: readonly string[] = []): { results: Json[] } {
  const results = [
    ...fixture('connector/contact-properties.json').response.body.results,
    ...fixture('connector/leadloop-properties.json').response.body.results,
  ].filter((property: Json) => !drop.includes(property.name));
  return { results };
}

/** Answers the properties call every read starts with (cached per connector afterwards). */
export function withProperties(scope: nock.Scope, drop: readonly string[] = []): nock.Scope {
  return scope.get('/crm/v3/properties/contacts').reply(200, portalProperties(drop), rateHeaders());
}

/** A `SimplePublicObject` as HubSpot answers it: every value a string. */
export function contact(
  id: number,
  properties: Record<string, string | null>,
  updatedAt = '2026-11-23T09:30:00.000Z',
): Json {
  return {
    id: String(id),
    properties: {
      createdate: '2026-10-01T08:00:00.000Z',
      hs_object_id: String(id),
      lastmodifieddate: updatedAt,
      ...properties,
    },
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt,
    archived: false,
  };
}

/** A batch answer envelope (`BatchResponseSimplePublic…`). */
export function batchAnswer(results: Json[], errors: Json[] = []): Json {
  return {
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt: '2026-11-23T10:00:00.100Z',
    completedAt: '2026-11-23T10:00:00.180Z',
  };
}
