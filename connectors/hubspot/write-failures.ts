import type { VendorErrorKind } from '../../src/errors/leadloop-error.ts';
import type { WriteFailure } from '../../src/sync/connector.ts';
import { vendorText, type HubspotApiError } from './errors.ts';
import type { HubspotBatchErrorRaw, HubspotErrorDetailRaw } from './schemas.ts';

/**
 * Per-record write failures: an input's error inside a 207 answer, or a whole-batch 4xx once
 * bisection has narrowed it to one input. `code` is HubSpot's (INVALID_EMAIL, INVALID_OPTION,
 * OBJECT_NOT_FOUND, ...), `message` its own words, `fields` the properties it named.
 */
/** Error codes that say the property, not the record, is wrong: setup or mappings must change. */
const CONFIG_CODES = new Set(['PROPERTY_DOESNT_EXIST', 'READ_ONLY_VALUE', 'INVALID_PROPERTY']);

function kindOf(category: string | undefined, code: string | undefined): VendorErrorKind {
  if (code !== undefined && CONFIG_CODES.has(code)) return 'config';
  switch (category) {
    case 'VALIDATION_ERROR':
    case 'INVALID_EMAIL':
      return 'invalid_record';
    case 'OBJECT_NOT_FOUND':
      return 'not_found';
    case 'CONFLICT':
    case 'OBJECT_ALREADY_EXISTS':
      return 'conflict';
    case 'RATE_LIMITS':
      return 'rate_limited';
    default:
      return 'unknown';
  }
}

function failureFrom(
  category: string | undefined,
  details: readonly HubspotErrorDetailRaw[],
  message: string,
  context: Readonly<Record<string, readonly string[]>> | undefined,
  fallbackCode: string,
): WriteFailure {
  const code = details.find((detail) => detail.code !== undefined)?.code;
  const fields = [
    ...new Set([
      ...(context?.propertyName ?? []),
      ...details.flatMap((detail) => detail.context?.propertyName ?? []),
    ]),
  ];
  return {
    kind: kindOf(category, code),
    code: code ?? category ?? fallbackCode,
    message,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

/** One input's failure inside a 207 answer. */
export function batchErrorFailure(error: HubspotBatchErrorRaw): WriteFailure {
  return failureFrom(
    error.category,
    error.errors ?? [],
    vendorText(error, error.category),
    error.context,
    error.category,
  );
}

/** A whole-call 4xx that concerned exactly one input: that input's failure. */
export function apiErrorFailure(error: HubspotApiError): WriteFailure {
  const failure = failureFrom(
    error.body.category,
    error.body.errors ?? [],
    error.vendorMessage,
    error.body.context,
    `HTTP_${error.status}`,
  );
  // The status decides when the body names no category (409 bodies say CONFLICT anyway).
  return failure.kind === 'unknown' && error.kind !== 'unknown'
    ? { ...failure, kind: error.kind }
    : failure;
}

/** True when a 4xx is about a property every input writes: bisecting cannot help. */
export function propertyProblem(error: HubspotApiError): readonly string[] | undefined {
  const details = error.body.errors ?? [];
  if (details.length === 0 || !details.every((detail) => CONFIG_CODES.has(detail.code ?? ''))) {
    return undefined;
  }
  return [...new Set(details.flatMap((detail) => detail.context?.propertyName ?? []))];
}
