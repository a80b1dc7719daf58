import type { WriteOutcome, WriteRequest } from '../../src/sync/connector.ts';
import { toWriteFailure } from './errors.ts';
import type { SalesforceSaveResultsRaw } from './schemas.ts';
import { soqlIdentifier } from './soql.ts';
import { isSalesforceId } from './record-id.ts';

/**
 * Per-request checks before a write is sent, and the outcome of each record Salesforce
 * answered: one `WriteOutcome` per request, a rejected record carrying the vendor's code.
 */

export type SaveResults = ReturnType<typeof SalesforceSaveResultsRaw.parse>;

export const failure = (
  ref: string,
  code: string,
  message: string,
  kind: 'invalid_record' | 'config',
): WriteOutcome => ({
  ref,
  ok: false,
  error: { kind, code, message },
});

/** Checks what Salesforce would reject as a malformed call (not a rejected record). */
export function validate(request: WriteRequest): WriteOutcome | undefined {
  for (const name of Object.keys(request.fields)) {
    try {
      soqlIdentifier(name);
    } catch {
      return failure(
        request.ref,
        'INVALID_FIELD_NAME',
        `Not a Salesforce field name: ${JSON.stringify(name)}`,
        'config',
      );
    }
  }
  if (
    (request.action === 'update' || request.action === 'delete') &&
    !isSalesforceId(request.id ?? '')
  ) {
    return failure(
      request.ref,
      'MALFORMED_ID',
      `${request.action} needs a Salesforce record id, got ${JSON.stringify(request.id)}`,
      'invalid_record',
    );
  }
  if (request.action === 'upsert') {
    const key = request.upsertKey;
    if (key === undefined || key.value === '')
      return failure(
        request.ref,
        'MISSING_UPSERT_KEY',
        'upsert needs upsertKey {field, value}',
        'invalid_record',
      );
    try {
      soqlIdentifier(key.field);
    } catch {
      return failure(
        request.ref,
        'INVALID_FIELD_NAME',
        `Not a Salesforce field name: ${JSON.stringify(key.field)}`,
        'config',
      );
    }
  }
  return undefined;
}

export function toOutcome(
  request: WriteRequest,
  result: SaveResults[number] | undefined,
): WriteOutcome {
  if (result === undefined)
    return failure(
      request.ref,
      'NO_RESULT',
      'Salesforce returned no result for this record',
      'invalid_record',
    );
  const alreadyDeleted =
    request.action === 'delete' &&
    result.errors.some((error) => error.statusCode === 'ENTITY_IS_DELETED');
  if (result.success || alreadyDeleted) {
    const id = result.id ?? request.id;
    if (id === undefined || id === null)
      return failure(
        request.ref,
        'NO_ID',
        'Salesforce accepted the record without returning its id',
        'invalid_record',
      );
    return {
      ref: request.ref,
      ok: true,
      id,
      created:
        request.action === 'create' || (request.action === 'upsert' && result.created === true),
    };
  }
  return { ref: request.ref, ok: false, error: toWriteFailure(result.errors) };
}
