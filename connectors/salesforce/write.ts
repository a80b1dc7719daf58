import type { Connection } from 'jsforce';
import {
  ConnectorError,
  type FieldValue,
  type WriteOutcome,
  type WriteRequest,
} from '../../src/sync/connector.ts';
import { logger } from '../../src/log/logger.ts';
import type { SalesforceClient } from './client.ts';
import { SalesforceQueryResultRaw, SalesforceSaveResultsRaw } from './schemas.ts';
import { condition, selectSoql, soqlIdentifier, soqlIn } from './soql.ts';
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
    const batches = await this.#plan(object, valid);
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
  async #plan(object: string, items: readonly Pending[]): Promise<Batch[]> {
    const existing = await this.#existingKeys(object, items);
    const batches = new Map<string, Batch>();
    for (const item of items) {
      const { request } = item;
      const upsertField = request.action === 'upsert' ? request.upsertKey?.field : undefined;
      // Assignment rules run only for records this call creates: a retried handoff whose
      // first attempt already created the lead must not be re-routed to another owner.
      const creates =
        request.action === 'create' ||
        (request.action === 'upsert' &&
          !existing.has(`${upsertField}\u0000${request.upsertKey?.value}`));
      const assign = request.assign === true && creates && ASSIGNABLE.has(object);
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

  /** External ids that already exist, for upserts that ask for assignment (one query per 200). */
  async #existingKeys(object: string, items: readonly Pending[]): Promise<Set<string>> {
    const byField = new Map<string, string[]>();
    for (const { request } of items) {
      if (
        request.action !== 'upsert' ||
        request.assign !== true ||
        request.upsertKey === undefined ||
        !ASSIGNABLE.has(object)
      )
        continue;
      byField.set(request.upsertKey.field, [
        ...(byField.get(request.upsertKey.field) ?? []),
        request.upsertKey.value,
      ]);
    }
    const found = new Set<string>();
    for (const [field, values] of byField) {
      for (let start = 0; start < values.length; start += MAX_BATCH) {
        const soql = selectSoql({
          fields: ['Id', field],
          from: object,
          where: condition(field, 'IN', soqlIn(values.slice(start, start + MAX_BATCH))),
        });
        const page = SalesforceQueryResultRaw.parse(
          await this.#client.call(
            async (conn) => await conn.query(soql, { autoFetch: true, maxFetch: MAX_BATCH }),
          ),
        );
        for (const row of page.records as Record<string, unknown>[]) {
          const value = row[field];
          if (typeof value === 'string') found.add(`${field}\u0000${value}`);
        }
      }
    }
    return found;
  }

  async #send(object: string, batch: Batch, items: readonly Pending[]): Promise<SaveResults> {
    const headers: Record<string, string> = ASSIGNABLE.has(object)
      ? { 'Sforce-Auto-Assign': batch.assign ? 'TRUE' : 'FALSE' }
      : {};
    // allOrNone false: a rejected record never fails its batch-mates. jsforce sends the whole
    // array in one call (no allowRecursive), so `items` is already ≤200.
    const options = { allOrNone: false, headers };
    const body = (request: WriteRequest): Record<string, FieldValue> => ({ ...request.fields });
    const call = (conn: Connection): Promise<unknown> => {
      switch (batch.action) {
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
        case 'upsert': {
          // PATCH /composite/sobjects/{object}/{externalIdField}
          const field = batch.upsertField!;
          return conn.upsert(
            object,
            items.map(({ request }) => ({ ...body(request), [field]: request.upsertKey!.value })),
            field,
            options,
          );
        }
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
