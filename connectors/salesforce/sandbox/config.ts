/**
 * Fixed identity of the emulated Salesforce org: its id, the integration user leadloop signs in
 * as, the connected app's credentials and the API versions it serves. Tests assert against these.
 */
export const SANDBOX_ORG_ID = '00DDn000000LdLpMAK';
/** The session token the sandbox accepts without an OAuth exchange (the org id, `!`, a secret). */
export const SALESFORCE_SANDBOX_TOKEN = '00DDn000000LdLp!AQ4AQ.leadloop-sandbox-token';
/** The connected app's consumer key and secret (client credentials and JWT bearer flows). */
export const SALESFORCE_SANDBOX_CLIENT_ID = '3MVG9leadloop.sandbox.consumer.key';
export const SALESFORCE_SANDBOX_CLIENT_SECRET = 'leadloop-sandbox-consumer-secret';
/** A refresh token for the sandbox client (the refresh_token grant). */
export const SALESFORCE_SANDBOX_REFRESH_TOKEN = '5Aep861leadloop.sandbox.refresh.token';
export const SANDBOX_INTEGRATION_USERNAME = 'leadloop.integration@acme-sandbox.example';

/** REST API versions the org serves (31.0 … 68.0: Winter '15 … Winter '27). */
export const OLDEST_API_VERSION = 31;
export const NEWEST_API_VERSION = 68;

/** Enterprise Edition with 15 licences: 100,000 + 15 × 1,000 requests per rolling 24 hours. */
export const DEFAULT_DAILY_API_REQUESTS = 115_000;

/** Vendor limits the emulator enforces. */
export const LIMITS = {
  /** sObject Collections: records per create/update/upsert/delete call. */
  collectionRecords: 200,
  /** sObject Collections retrieve: ids per POST (GET is bounded by the URL length). */
  collectionRetrieveIds: 2000,
  /** Query page size: the default and the maximum of `Sforce-Query-Options: batchSize`. */
  queryBatchMax: 2000,
  queryBatchMin: 200,
  /** Maximum SOQL OFFSET. */
  queryOffsetMax: 2000,
  /** Open query cursors per user; opening one more closes the oldest. */
  openCursors: 10,
  /** A query locator unused this long is gone (INVALID_QUERY_LOCATOR). */
  cursorIdleMs: 15 * 60_000,
  /** Metadata API CRUD calls take at most this many components. */
  metadataComponents: 10,
  /** Get Updated / Get Deleted look back at most 30 / 15 days. */
  updatedDays: 30,
  deletedDays: 15,
  /** Get Updated / Get Deleted answer at most this many ids. */
  replicationIds: 600_000,
} as const;

/** `Winter '25` for 62.0: three releases a year since Winter '11 (20.0). */
export function releaseLabel(version: number): string {
  const steps = version - 20;
  const season = ['Winter', 'Spring', 'Summer'][((steps % 3) + 3) % 3]!;
  return `${season} '${String(11 + Math.floor(steps / 3)).padStart(2, '0')}`;
}
