import { ConnectorError, type PulledPage, type SystemRecord } from '../../src/sync/connector.ts';
import { logger } from '../../src/log/logger.ts';
import type { SalesforceClient } from './client.ts';
import { advanceCursor, contentDigest, dropSeen, parseCursor } from './cursor.ts';
import { PULL_OBJECTS, type ObjectCatalog } from './objects.ts';
import { SalesforceQueryResultRaw } from './schemas.ts';
import { condition, selectSoql, soqlDateTime, soqlIn, type Soql } from './soql.ts';
import { attachMergedIds, toSystemRecord } from './to-record.ts';
import { isSalesforceId } from './record-id.ts';

export const MAX_PAGE_SIZE = 2000;
const MIN_PAGE_SIZE = 200;
/** Ids per `Id IN (...)` query: keeps the GET URL far below Salesforce's 16 KB limit. */
export const IDS_PER_QUERY = 200;
/** Characters of quoted emails per query, for the same reason. */
const EMAIL_CHARS_PER_QUERY = 6000;
/** Salesforce forgets a query locator after ~15 minutes of inactivity. */
const EXPIRED_LOCATOR_CODES = new Set(['INVALID_QUERY_LOCATOR', 'NOT_FOUND', 'QUERY_TIMEOUT']);

type RawPage = ReturnType<typeof SalesforceQueryResultRaw.parse>;

export class SalesforceReader {
  readonly #client: SalesforceClient;
  readonly #catalog: ObjectCatalog;

  constructor(client: SalesforceClient, catalog: ObjectCatalog) {
    this.#client = client;
    this.#catalog = catalog;
  }

  /**
   * One page of records changed since the cursor. Live and deleted rows come from one
   * `queryAll` ordered by SystemModstamp, Id, so deletes keep their place among updates; the
   * first read (no cursor) takes only live rows with `query`.
   */
  async readPage(
    object: string,
    rawCursor: unknown,
    options: { pageSize?: number } = {},
  ): Promise<PulledPage> {
    assertPullObject(object);
    const { cursor, resync } = parseCursor(rawCursor);
    if (resync) logger('connector.salesforce').warn('unreadable cursor: full resync', { object });
    const batchSize = Math.min(
      MAX_PAGE_SIZE,
      Math.max(MIN_PAGE_SIZE, Math.trunc(options.pageSize ?? MAX_PAGE_SIZE)),
    );
    // Sforce-Query-Options sets the page size of this query and of every nextRecordsUrl after it.
    const headers = { 'Sforce-Query-Options': `batchSize=${batchSize}` };

    const fields = await this.#catalog.readableFields(object);
    let page: RawPage | undefined;
    if (cursor.nextRecordsUrl !== undefined)
      page = await this.#continue(cursor.nextRecordsUrl, headers);
    if (page === undefined) {
      const described = await this.#catalog.describe(object);
      const soql = selectSoql({
        fields,
        from: object,
        ...(cursor.modstamp === null
          ? {}
          : { where: condition('SystemModstamp', '>=', soqlDateTime(cursor.modstamp)) }),
        orderBy: ['SystemModstamp', 'Id'],
      });
      const scanAll = cursor.modstamp !== null && described.fields.has('IsDeleted');
      page = await this.#query(soql, { headers, scanAll });
    }

    const records = page.records.map((row) => toSystemRecord(object, row, fields));
    const stamped = records.map((record) => ({
      id: record.id,
      modstamp: record.modifiedAt,
      digest: contentDigest({ ...record.fields, IsDeleted: record.deleted }),
      record,
    }));
    const fresh = dropSeen(cursor, stamped).map((row) => row.record);
    const next = page.done ? undefined : locatorPath(page.nextRecordsUrl);
    return {
      records: attachMergedIds(fresh),
      cursor: advanceCursor(cursor, stamped, next),
      hasMore: next !== undefined,
    };
  }

  /** Records by id, ≤200 ids a query; ids that cannot be Salesforce ids cannot exist and are skipped. */
  async fetchByIds(object: string, ids: readonly string[]): Promise<SystemRecord[]> {
    const valid = [...new Set(ids.filter((id) => isSalesforceId(id)))];
    const fields = await this.#catalog.readableFields(object);
    const records: SystemRecord[] = [];
    for (let start = 0; start < valid.length; start += IDS_PER_QUERY) {
      const chunk = valid.slice(start, start + IDS_PER_QUERY);
      const soql = selectSoql({
        fields,
        from: object,
        where: condition('Id', 'IN', soqlIn(chunk)),
      });
      records.push(...(await this.#queryAll(object, soql, fields)));
    }
    return records;
  }

  /** Records whose Email is one of `emails`; SOQL compares text case-insensitively. */
  async findByEmails(object: string, emails: readonly string[]): Promise<SystemRecord[]> {
    const described = await this.#catalog.describe(object);
    if (!described.fields.has('Email')) {
      throw new ConnectorError(
        'salesforce',
        'config',
        `Salesforce ${object} has no Email field to match on`,
        {
          hint: 'Identity matching by email works on Lead, Contact and User.',
        },
      );
    }
    const wanted = new Set(
      emails.map((email) => email.trim().toLowerCase()).filter((email) => email !== ''),
    );
    const fields = await this.#catalog.readableFields(object);
    const records: SystemRecord[] = [];
    for (const chunk of chunkByLength([...wanted], EMAIL_CHARS_PER_QUERY)) {
      const soql = selectSoql({
        fields,
        from: object,
        where: condition('Email', 'IN', soqlIn(chunk)),
      });
      records.push(...(await this.#queryAll(object, soql, fields)));
    }
    return records.filter((record) => {
      const email = record.fields.Email;
      return typeof email === 'string' && wanted.has(email.trim().toLowerCase());
    });
  }

  /** Records whose `field` is one of `values`, ≤200 values a query (an indexed field: WhoId). */
  async findByField(
    object: string,
    field: string,
    values: readonly string[],
  ): Promise<SystemRecord[]> {
    const wanted = [...new Set(values)];
    const fields = await this.#catalog.readableFields(object);
    const records: SystemRecord[] = [];
    for (let start = 0; start < wanted.length; start += IDS_PER_QUERY) {
      const soql = selectSoql({
        fields,
        from: object,
        where: condition(field, 'IN', soqlIn(wanted.slice(start, start + IDS_PER_QUERY))),
      });
      records.push(...(await this.#queryAll(object, soql, fields)));
    }
    return records;
  }

  /** Every page of a small query (by-id and by-email look-ups). */
  async #queryAll(object: string, soql: Soql, fields: readonly string[]): Promise<SystemRecord[]> {
    const records: SystemRecord[] = [];
    let page: RawPage | undefined = await this.#query(soql, { headers: {}, scanAll: false });
    while (page !== undefined) {
      records.push(...page.records.map((row) => toSystemRecord(object, row, fields)));
      const next: string | undefined = page.done ? undefined : locatorPath(page.nextRecordsUrl);
      page = next === undefined ? undefined : await this.#continue(next, {}, false);
    }
    return records;
  }

  async #query(
    soql: Soql,
    options: { headers: Record<string, string>; scanAll: boolean },
  ): Promise<RawPage> {
    // GET /services/data/vXX/query (or /queryAll, which also returns deleted rows) ?q=SOQL.
    const result = await this.#client.call(
      async (conn) =>
        await conn.query(soql, {
          autoFetch: false,
          scanAll: options.scanAll,
          headers: options.headers,
        }),
    );
    return SalesforceQueryResultRaw.parse(result);
  }

  /** GET nextRecordsUrl; undefined when Salesforce has expired the locator (and `tolerant`). */
  async #continue(
    nextRecordsUrl: string,
    headers: Record<string, string>,
    tolerant = true,
  ): Promise<RawPage | undefined> {
    try {
      const result = await this.#client.call(
        async (conn) =>
          await conn.queryMore(nextRecordsUrl, {
            autoFetch: false,
            headers,
            maxFetch: 10_000,
            scanAll: false,
            responseTarget: 'QueryResult',
          }),
      );
      return SalesforceQueryResultRaw.parse(result);
    } catch (error) {
      const code = error instanceof ConnectorError ? error.details?.vendorCode : undefined;
      if (tolerant && typeof code === 'string' && EXPIRED_LOCATOR_CODES.has(code)) {
        logger('connector.salesforce').info('query locator expired: re-reading from the cursor', {
          code,
        });
        return undefined;
      }
      throw error;
    }
  }
}

function assertPullObject(object: string): void {
  if (!(PULL_OBJECTS as readonly string[]).includes(object)) {
    throw new ConnectorError(
      'salesforce',
      'config',
      `leadloop does not pull Salesforce ${object}`,
      {
        hint: `Objects pulled: ${PULL_OBJECTS.join(', ')}.`,
      },
    );
  }
}

/** jsforce hands back an absolute nextRecordsUrl; the cursor keeps the instance-relative path. */
function locatorPath(nextRecordsUrl: string | undefined): string | undefined {
  if (nextRecordsUrl === undefined) return undefined;
  return nextRecordsUrl.startsWith('/') ? nextRecordsUrl : new URL(nextRecordsUrl).pathname;
}

function chunkByLength(values: readonly string[], maxChars: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const value of values) {
    if (
      current.length > 0 &&
      (length + value.length + 3 > maxChars || current.length >= IDS_PER_QUERY)
    ) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(value);
    length += value.length + 3;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
