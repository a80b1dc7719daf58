import type { Client } from '@hubspot/api-client';
import type {
  BatchReadInputSimplePublicObjectId,
  PublicObjectSearchRequest,
} from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { logger } from '../../src/log/logger.ts';
import { ConnectorError, type PulledPage, type SystemRecord } from '../../src/sync/connector.ts';
import type { PropertyCatalog } from './catalog.ts';
import type { HubspotClient } from './client.ts';
import { advanceCursor, parseCursor } from './cursor.ts';
import {
  HISTORY_PROPERTIES,
  hubspotObject,
  MODIFIED_PROPERTY,
  READ_PROPERTIES,
  type HubspotObject,
} from './properties.ts';
import { HubspotBatchReadRaw, HubspotSearchPageRaw, parseRaw } from './schemas.ts';
import { toSystemRecord } from './to-record.ts';

/**
 * Incremental reads through CRM search, look-ups through batch read.
 *
 * Deletions: search never returns archived records, and the one list of them
 * (`GET /crm/v3/objects/contacts?archived=true`) has no time filter — scanning it every cycle
 * would cost a call per 100 archived contacts, forever. leadloop does not scan it. Merges show
 * on the survivor (`hs_merged_object_ids` → `mergedIds`); a deleted record is simply absent
 * from `fetchByIds`; `fetchArchived` confirms deletions for ids the engine asks about (batch
 * read with `archived=true`, one call per 100 ids).
 */
export const MAX_SEARCH_PAGE = 200;
export const MAX_BATCH_READ = 100;
/** Batch reads that ask for property history take at most 50 ids. */
export const MAX_BATCH_READ_WITH_HISTORY = 50;

export interface FetchOptions {
  /** Property history (→ fieldChangedAt / fieldChangedByLeadloop): true for the default set. */
  readonly withHistory?: boolean | readonly string[];
}

export interface ReaderSettings {
  readonly overlapMs: number;
  readonly appId: string | undefined;
  readonly extraProperties: Readonly<Partial<Record<HubspotObject, readonly string[]>>>;
}

/** Contacts and deals share one generated API shape; the deal classes are structurally the same. */
export function objectApi(sdk: Client, object: HubspotObject): Client['crm']['contacts'] {
  return (object === 'contacts'
    ? sdk.crm.contacts
    : sdk.crm.deals) as unknown as Client['crm']['contacts'];
}

type SearchFilter = { propertyName: string; operator: 'GT' | 'GTE'; value: string };

export class HubspotReader {
  readonly #client: HubspotClient;
  readonly #catalog: PropertyCatalog;
  readonly #settings: ReaderSettings;

  constructor(client: HubspotClient, catalog: PropertyCatalog, settings: ReaderSettings) {
    this.#client = client;
    this.#catalog = catalog;
    this.#settings = settings;
  }

  properties(object: HubspotObject): string[] {
    return [
      ...new Set([...READ_PROPERTIES[object], ...(this.#settings.extraProperties[object] ?? [])]),
    ];
  }

  async readPage(
    objectName: string,
    rawCursor: unknown,
    options: { pageSize?: number } = {},
  ): Promise<PulledPage> {
    const object = hubspotObject(objectName);
    const { cursor, resync } = parseCursor(rawCursor);
    if (resync) logger('connector.hubspot').warn('unreadable cursor: full resync', { object });
    const limit = Math.min(
      MAX_SEARCH_PAGE,
      Math.max(1, Math.trunc(options.pageSize ?? MAX_SEARCH_PAGE)),
    );
    const filters: SearchFilter[] = [
      { propertyName: 'hs_object_id', operator: 'GT', value: cursor.afterId },
    ];
    if (cursor.since !== null) {
      filters.push({
        propertyName: MODIFIED_PROPERTY[object],
        operator: 'GTE',
        value: String(Date.parse(cursor.since)),
      });
    }
    const request = {
      filterGroups: [{ filters }],
      // The SDK types sorts as strings; HubSpot documents (and accepts) the object form.
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: this.properties(object),
      limit,
    };
    const described = await this.#catalog.describe(object);
    // POST /crm/v3/objects/{object}/search — eventually consistent, ≤200 a page, no `after`
    // here: paging by hs_object_id never reaches the 10,000-result limit of one query.
    const answer = await this.#client.call((sdk) =>
      objectApi(sdk, object).searchApi.doSearchWithHttpInfo(
        request as unknown as PublicObjectSearchRequest,
      ),
    );
    const page = parseRaw(HubspotSearchPageRaw, answer.data, `a ${object} search page`);
    const fresh = page.results.filter((row) => BigInt(row.id) > BigInt(cursor.afterId));
    const records = fresh.map((row) =>
      toSystemRecord(object, row, { types: described.types, appId: this.#settings.appId }),
    );
    const more = page.paging?.next !== undefined && fresh.length > 0;
    const date = answer.headers['date'];
    const answeredAt =
      date !== undefined && !Number.isNaN(Date.parse(date))
        ? new Date(date).toISOString()
        : new Date().toISOString();
    const next = advanceCursor(
      cursor,
      { modifiedAt: records.map((r) => r.modifiedAt), lastId: fresh.at(-1)?.id, answeredAt, more },
      this.#settings.overlapMs,
    );
    return { records, cursor: next, hasMore: more };
  }

  /** Records by id (≤100 a call, ≤50 with history); ids HubSpot does not know are absent. */
  async fetchByIds(
    objectName: string,
    ids: readonly string[],
    options: FetchOptions = {},
  ): Promise<SystemRecord[]> {
    const object = hubspotObject(objectName);
    const history =
      options.withHistory === true
        ? HISTORY_PROPERTIES[object]
        : options.withHistory === false || options.withHistory === undefined
          ? []
          : options.withHistory;
    const valid = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
    return this.#batchRead(object, valid, { archived: false, history });
  }

  /** Which of these ids HubSpot holds as archived (deleted) records: they come back `deleted`. */
  async fetchArchived(objectName: string, ids: readonly string[]): Promise<SystemRecord[]> {
    const object = hubspotObject(objectName);
    const valid = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
    return this.#batchRead(object, valid, { archived: true, history: [] });
  }

  /** Contacts by email: batch read with `idProperty: email` (HubSpot matches case-insensitively). */
  async findByEmails(objectName: string, emails: readonly string[]): Promise<SystemRecord[]> {
    const object = hubspotObject(objectName);
    if (object !== 'contacts') {
      throw new ConnectorError('hubspot', 'config', `HubSpot ${object} have no email to match on`, {
        code: 'hubspot.no_email',
        hint: 'Identity matching by email works on HubSpot contacts.',
      });
    }
    const wanted = [
      ...new Set(emails.map((email) => email.trim().toLowerCase()).filter((email) => email !== '')),
    ];
    return this.#batchRead(object, wanted, { archived: false, history: [], idProperty: 'email' });
  }

  async #batchRead(
    object: HubspotObject,
    keys: readonly string[],
    options: { archived: boolean; history: readonly string[]; idProperty?: string },
  ): Promise<SystemRecord[]> {
    if (keys.length === 0) return [];
    const described = await this.#catalog.describe(object);
    const size = options.history.length > 0 ? MAX_BATCH_READ_WITH_HISTORY : MAX_BATCH_READ;
    // A merged id resolves to its survivor, so two keys can answer one record: keep it once.
    const records = new Map<string, SystemRecord>();
    for (let start = 0; start < keys.length; start += size) {
      const input: BatchReadInputSimplePublicObjectId = {
        inputs: keys.slice(start, start + size).map((id) => ({ id })),
        properties: this.properties(object),
        propertiesWithHistory: [...options.history],
        ...(options.idProperty === undefined ? {} : { idProperty: options.idProperty }),
      };
      // POST /crm/v3/objects/{object}/batch/read[?archived=true] — 200, or 207 listing unknown ids.
      const answer = await this.#client.call((sdk) =>
        objectApi(sdk, object).batchApi.read(input, options.archived ? true : undefined),
      );
      const page = parseRaw(HubspotBatchReadRaw, answer, `a ${object} batch read`);
      for (const row of page.results) {
        const record = toSystemRecord(object, row, {
          types: described.types,
          appId: this.#settings.appId,
        });
        records.set(record.id, record);
      }
    }
    return [...records.values()];
  }
}
