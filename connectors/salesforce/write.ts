import type { Connection } from 'jsforce';
import {
  ConnectorError,
  type FieldValue,
  type WriteOutcome,
  type WriteRequest,
} from '../../src/sync/connector.ts';
import { logger } from '../../src/log/logger.ts';
import type { SalesforceClient } from './client.ts';
import { SalesforceSaveResultsRaw } from './schemas.ts';
import { soqlIdentifier } from './soql.ts';
import { failure, toOutcome, validate, type SaveResults } from './write-outcomes.ts';

/** Records per collection call: `/composite/sobjects` takes at most 200. */
export const MAX_BATCH = 200;
/**
 * Objects whose assignment rules the `Sforce-Auto-Assign` header controls. Without the header
 * Salesforce runs the rules on every create AND update, so leadloop always sends it.
 */
const ASSIGNABLE = new Set(['Lead', 'Case', 'Account']);

interface Pending {
  readonly index: number;
  readonly request: WriteRequest;
}

interface Batch {
  readonly action: WriteRequest['action'];
  readonly upsertField?: string;
  readonly assign: boolean;
  readonly items: Pending[];
}

export class SalesforceWriter {
  readonly #client: SalesforceClient;
  readonly #batchSize: number;

  constructor(client: SalesforceClient, batchSize = MAX_BATCH) {
    this.#client = client;
    this.#batchSize = Math.max(1, Math.min(MAX_BATCH, batchSize));
  }

  async write(object: string, requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    soqlIdentifier(object);
    const outcomes: (WriteOutcome | undefined)[] = requests.map(validate);
    const valid = requests.flatMap((request, index) =>
      outcomes[index] === undefined ? [{ index, request }] : [],
    );
    const batches = this.#plan(object, valid);
    let committed = false;
    for (const batch of batches) {
      for (let start = 0; start < batch.items.length; start += this.#batchSize) {
        const items = batch.items.slice(start, start + this.#batchSize);
        try {
          const results = await this.#send(object, batch, items);
          items.forEach(
            (item, position) => (outcomes[item.index] = toOutcome(item.request, results[position])),
          );
          committed = true;
        } catch (error) {
          // Nothing written yet: the whole call failed and the engine retries it as a whole.
          // After a committed batch, a throw would make the engine resend records that were
          // already written (a Task create twice), so the rest fail per record instead.
          if (!committed || !(error instanceof ConnectorError)) throw error;
          logger('connector.salesforce').warn(
            'write batch failed after earlier batches committed',
            { object, code: error.code },
          );
          for (const item of items)
            outcomes[item.index] = {
              ref: item.request.ref,
              ok: false,
              error: { kind: error.kind, code: error.code, message: error.message },
            };
        }
      }
    }
    return outcomes.map(
      (outcome, index) =>
        outcome ??
        failure(
          requests[index]!.ref,
          'NOT_SENT',
          'leadloop did not send this record',
          'invalid_record',
        ),
    );
  }

  /** Groups by call shape: action, upsert key and the assignment header (one per call). */
  #plan(object: string, items: readonly Pending[]): Batch[] {
    const batches = new Map<string, Batch>();
    for (const item of items) {
      const { request } = item;
      const upsertField = request.action === 'upsert' ? request.upsertKey?.field : undefined;
      const assign = request.assign === true && ASSIGNABLE.has(object);
      const key = `${request.action}\u0000${upsertField ?? ''}\u0000${assign}`;
      const batch = batches.get(key) ?? {
        action: request.action,
        ...(upsertField === undefined ? {} : { upsertField }),
        assign,
        items: [],
      };
      batch.items.push(item);
      batches.set(key, batch);
    }
    return [...batches.values()];
  }

  async #send(object: string, batch: Batch, items: readonly Pending[]): Promise<SaveResults> {
    if (batch.action === 'upsert' && batch.assign) return this.#handOff(object, batch, items);
    return this.#call(object, batch.action, items, batch.assign, batch.upsertField);
  }

  /**
   * An upsert that asks for assignment rules, sent as a create with `Sforce-Auto-Assign: TRUE`:
   * the rules must run only for a record this call creates (a retried handoff must not re-route
   * a lead sales already owns), and the upsert key is unique in Salesforce, so a record an
   * earlier, crashed attempt already created answers DUPLICATE_VALUE instead. Those are then
   * upserted by the key without assignment. One call for a page of new leads, where asking
   * first which keys exist cost a query per 200. If the second call fails after the creates
   * committed, the engine's retry resends all of them: the created ones answer DUPLICATE_VALUE
   * and take the same path, so nothing is created twice.
   */
  async #handOff(object: string, batch: Batch, items: readonly Pending[]): Promise<SaveResults> {
    const field = batch.upsertField!;
    const results = (await this.#call(object, 'create', items, true, field)).map((result) =>
      result.success ? { ...result, created: true } : result,
    );
    const existing = items.flatMap((_, position) =>
      heldBySameKey(results[position]!, field) ? [position] : [],
    );
    if (existing.length === 0) return results;
    const matched = await this.#call(
      object,
      'upsert',
      existing.map((position) => items[position]!),
      false,
      field,
    );
    existing.forEach((position, n) => (results[position] = matched[n]!));
    return results;
  }

  async #call(
    object: string,
    action: WriteRequest['action'],
    items: readonly Pending[],
    assign: boolean,
    upsertField: string | undefined,
  ): Promise<SaveResults> {
    const headers: Record<string, string> = ASSIGNABLE.has(object)
      ? { 'Sforce-Auto-Assign': assign ? 'TRUE' : 'FALSE' }
      : {};
    // allOrNone false: a rejected record never fails its batch-mates. jsforce sends the whole
    // array in one call (no allowRecursive), so `items` is already ≤200.
    const options = { allOrNone: false, headers };
    // An upsert sent as a create carries its key as a plain field.
    const body = (request: WriteRequest): Record<string, FieldValue> =>
      request.upsertKey === undefined || upsertField === undefined
        ? { ...request.fields }
        : { ...request.fields, [upsertField]: request.upsertKey.value };
    const call = (conn: Connection): Promise<unknown> => {
      switch (action) {
        case 'create':
          // POST /composite/sobjects
          return conn.create(
            object,
            items.map(({ request }) => body(request)),
            options,
          );
        case 'update':
          // PATCH /composite/sobjects
          return conn.update(
            object,
            items.map(({ request }) => ({ ...body(request), Id: request.id! })),
            options,
          );
        case 'upsert':
          // PATCH /composite/sobjects/{object}/{externalIdField}
          return conn.upsert(
            object,
            items.map(({ request }) => body(request)),
            upsertField!,
            options,
          );
        case 'delete':
          // DELETE /composite/sobjects?ids=...
          return conn.destroy(
            object,
            items.map(({ request }) => request.id!),
            options,
          );
      }
    };
    const results = SalesforceSaveResultsRaw.parse(await this.#client.call(call));
    if (results.length !== items.length) {
      throw new ConnectorError(
        'salesforce',
        'unknown',
        `Salesforce answered ${results.length} results for ${items.length} records`,
        {
          code: 'salesforce.unexpected_shape',
        },
      );
    }
    return results;
  }
}

/**
 * A create refused because another record holds this upsert key: Salesforce's message names the
 * field ("duplicate value found: LeadLoop_Id__c duplicates value on record with id: …"), or says
 * `<unknown>` when the user cannot see that record. A duplicate on another unique field is final.
 */
function heldBySameKey(result: SaveResults[number], field: string): boolean {
  return result.errors.some(
    (error) =>
      error.statusCode === 'DUPLICATE_VALUE' &&
      (error.fields?.includes(field) === true ||
        error.message.includes(`${field} duplicates`) ||
        error.message.includes('<unknown> duplicates')),
  );
}
