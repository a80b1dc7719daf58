import { LIMITS, type ObjectTypeName } from '../config.ts';
import { isRecord } from '../http/body.ts';
import { validationError } from '../http/respond.ts';
import type { PropertyDefinition } from '../properties/definitions.ts';
import type { HubspotState } from '../state.ts';

/**
 * A CRM search request (`PublicObjectSearchRequest`) checked against HubSpot's limits: at most
 * 5 filter groups, 10 filters per group and 25 in total (since August 2024), at most 200
 * results per page, and no paging past the 10,000th result.
 */
export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SearchFilter {
  readonly propertyName: string;
  readonly operator: Operator;
  readonly definition: PropertyDefinition;
  readonly value?: string;
  readonly highValue?: string;
  readonly values?: readonly string[];
}

export interface SearchSort {
  readonly propertyName: string;
  readonly descending: boolean;
  readonly definition: PropertyDefinition;
}

export interface SearchRequest {
  readonly groups: readonly (readonly SearchFilter[])[];
  readonly sorts: readonly SearchSort[];
  readonly query: string | undefined;
  readonly properties: readonly string[] | undefined;
  readonly limit: number;
  readonly after: number;
}

const text = (raw: unknown): string | undefined =>
  typeof raw === 'string'
    ? raw
    : typeof raw === 'number' || typeof raw === 'boolean'
      ? String(raw)
      : undefined;

function property(state: HubspotState, type: ObjectTypeName, name: unknown): PropertyDefinition {
  const definition = typeof name === 'string' ? state.registry.get(type, name) : undefined;
  if (definition === undefined)
    throw validationError(
      `There was a problem with the request: property "${String(name)}" does not exist`,
      {
        errors: [
          {
            message: `Property "${String(name)}" does not exist`,
            code: 'PROPERTY_DOESNT_EXIST',
            context: { propertyName: [String(name)] },
          },
        ],
      },
    );
  return definition;
}

function parseFilter(state: HubspotState, type: ObjectTypeName, raw: unknown): SearchFilter {
  if (!isRecord(raw)) throw validationError('Invalid input JSON: filter must be an object');
  const operator = raw.operator;
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator))
    throw validationError(
      `Invalid input JSON: operator ${String(operator)} is not one of [${OPERATORS.join(', ')}]`,
    );
  const filter: SearchFilter = {
    propertyName: String(raw.propertyName),
    operator: operator as Operator,
    definition: property(state, type, raw.propertyName),
    ...(text(raw.value) === undefined ? {} : { value: text(raw.value)! }),
    ...(text(raw.highValue) === undefined ? {} : { highValue: text(raw.highValue)! }),
    ...(Array.isArray(raw.values) ? { values: raw.values.map((v) => text(v) ?? '') } : {}),
  };
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(
    filter.operator,
  );
  if (needsValue && filter.value === undefined)
    throw validationError(
      `Filter on ${filter.propertyName} with operator ${filter.operator} requires a value`,
    );
  if ((filter.operator === 'IN' || filter.operator === 'NOT_IN') && filter.values === undefined)
    throw validationError(
      `Filter on ${filter.propertyName} with operator ${filter.operator} requires values`,
    );
  if (filter.operator === 'BETWEEN' && filter.highValue === undefined)
    throw validationError(
      `Filter on ${filter.propertyName} with operator BETWEEN requires a highValue`,
    );
  return filter;
}

function parseSort(state: HubspotState, type: ObjectTypeName, raw: unknown): SearchSort {
  if (typeof raw === 'string') {
    const descending = raw.startsWith('-');
    const name = descending ? raw.slice(1) : raw;
    return { propertyName: name, descending, definition: property(state, type, name) };
  }
  if (!isRecord(raw)) throw validationError('Invalid input JSON: sort must be an object');
  return {
    propertyName: String(raw.propertyName),
    descending: raw.direction === 'DESCENDING',
    definition: property(state, type, raw.propertyName),
  };
}

export function parseSearch(
  state: HubspotState,
  type: ObjectTypeName,
  body: unknown,
): SearchRequest {
  const raw = isRecord(body) ? body : {};
  const groupsRaw = Array.isArray(raw.filterGroups) ? raw.filterGroups : [];
  if (groupsRaw.length > LIMITS.filterGroups)
    throw validationError(
      `Too many filter groups: ${groupsRaw.length}. The maximum is ${LIMITS.filterGroups}.`,
    );
  let total = 0;
  const groups = groupsRaw.map((group) => {
    const filters = isRecord(group) && Array.isArray(group.filters) ? group.filters : [];
    if (filters.length > LIMITS.filtersPerGroup)
      throw validationError(
        `Too many filters in a filter group: ${filters.length}. The maximum is ${LIMITS.filtersPerGroup}.`,
      );
    total += filters.length;
    return filters.map((filter) => parseFilter(state, type, filter));
  });
  if (total > LIMITS.filtersTotal)
    throw validationError(
      `Too many filters: ${total}. The maximum across all filter groups is ${LIMITS.filtersTotal}.`,
    );
  const limit = raw.limit === undefined ? 10 : Number(raw.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > LIMITS.searchPage)
    throw validationError(
      `limit must be between 0 and ${LIMITS.searchPage}, got ${String(raw.limit)}`,
    );
  const afterText = raw.after === undefined || raw.after === '' ? '0' : String(raw.after);
  if (!/^\d+$/.test(afterText)) throw validationError(`Unable to parse after: ${afterText}`);
  const after = Number(afterText);
  // HubSpot will not page past the 10,000th result of a query.
  if (after + limit > LIMITS.searchResultWindow)
    throw validationError('There was a problem with the request.', {
      context: { after: [afterText], limit: [String(limit)] },
      errors: [
        {
          message: `Search results are limited to ${LIMITS.searchResultWindow} per query: after (${after}) + limit (${limit}) passes that window.`,
          code: 'SEARCH_RESULT_WINDOW_EXCEEDED',
        },
      ],
    });
  const sorts = (Array.isArray(raw.sorts) ? raw.sorts : []).map((sort) =>
    parseSort(state, type, sort),
  );
  const properties = Array.isArray(raw.properties)
    ? raw.properties.filter((p): p is string => typeof p === 'string')
    : undefined;
  return {
    groups,
    sorts,
    query: typeof raw.query === 'string' && raw.query.trim() !== '' ? raw.query.trim() : undefined,
    properties: properties === undefined || properties.length === 0 ? undefined : properties,
    limit,
    after,
  };
}
