import { SANDBOX_PORTAL_ID, type ObjectTypeSpec } from '../config.ts';
import { HubspotApiError, validationError, type ErrorDetail } from '../http/respond.ts';
import type { ValueIssue } from '../properties/validate-value.ts';

/**
 * The error bodies HubSpot's object APIs answer. "Property values were not valid" embeds a JSON
 * array in the message (as HubSpot does) and repeats each problem in `errors[]` with a code and
 * the property name in `context.propertyName`.
 */
export interface BatchError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors?: ErrorDetail[];
  subCategory?: string;
}

export function propertyValuesMessage(issues: readonly ValueIssue[]): string {
  const described = issues.map((issue) => ({
    isValid: false,
    message: issue.message,
    error: issue.error,
    name: issue.name,
    localizedErrorMessage: issue.message,
    portalId: SANDBOX_PORTAL_ID,
  }));
  return `Property values were not valid: ${JSON.stringify(described)}`;
}

export const issueDetails = (issues: readonly ValueIssue[]): ErrorDetail[] =>
  issues.map((issue) => ({
    message: issue.message,
    code: issue.error,
    context: { propertyName: [issue.name] },
  }));

export function invalidPropertiesError(issues: readonly ValueIssue[]): HubspotApiError {
  return validationError(propertyValuesMessage(issues), { errors: issueDetails(issues) });
}

/** One failed input of a multi-status batch (objectWriteTraceId echoed in the context). */
export function batchIssueError(
  issues: readonly ValueIssue[],
  traceId: string | undefined,
): BatchError {
  return {
    status: 'error',
    category: 'VALIDATION_ERROR',
    message: propertyValuesMessage(issues),
    context: {
      propertyName: [...new Set(issues.map((issue) => issue.name))],
      ...(traceId === undefined ? {} : { objectWriteTraceId: [traceId] }),
    },
    errors: issueDetails(issues),
  };
}

export const conflictMessage = (spec: ObjectTypeSpec, existingId: number) =>
  `${spec.label} already exists. Existing ID: ${existingId}`;

export function conflictError(spec: ObjectTypeSpec, existingId: number): HubspotApiError {
  return new HubspotApiError(409, 'CONFLICT', conflictMessage(spec, existingId));
}

export function batchConflictError(
  spec: ObjectTypeSpec,
  existingId: number,
  traceId: string | undefined,
): BatchError {
  return {
    status: 'error',
    category: 'CONFLICT',
    message: conflictMessage(spec, existingId),
    context: {
      id: [String(existingId)],
      ...(traceId === undefined ? {} : { objectWriteTraceId: [traceId] }),
    },
  };
}

export const notFoundMessage = (spec: ObjectTypeSpec) =>
  `Could not get some ${spec.upper} objects, they may be deleted or not exist. Check that ids are valid.`;

export function batchNotFoundError(
  spec: ObjectTypeSpec,
  ids: readonly string[],
  traceIds: readonly string[] = [],
): BatchError {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: notFoundMessage(spec),
    context: {
      ids: [...ids],
      ...(traceIds.length === 0 ? {} : { objectWriteTraceId: [...traceIds] }),
    },
  };
}
