import type { Router } from 'express';
import type { ObjectTypeName } from '../config.ts';
import { apiRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import {
  batchConflictError,
  batchIssueError,
  batchNotFoundError,
  invalidPropertiesError,
  type BatchError,
} from '../objects/errors.ts';
import { checkIdProperty, findRecord, objectType } from '../objects/resolve.ts';
import { serializeRecord, writeResultNamesOfCall } from '../objects/serialize.ts';
import { apiSource, type WriteSource } from '../objects/source.ts';
import {
  applyValues,
  createRecord,
  findConflict,
  prepareProperties,
  type PropertyValues,
} from '../objects/write.ts';
import { checkValue, type ValueIssue } from '../properties/validate-value.ts';
import type { HubspotState } from '../state.ts';
import type { CrmRecord } from '../store/record.ts';
import { associateOnCreate } from './associations.ts';
import {
  batchEnvelope,
  batchInputs,
  duplicateIdsError,
  inputId,
  refuseDuplicates,
  traceIdOf,
} from './batch-common.ts';
import { conflictFor } from './objects-basic.ts';

/**
 * Batch create (201), update (200) and upsert (200). Without `objectWriteTraceId` a batch is
 * all-or-nothing: one invalid value fails it with 400 listing every problem, one existing email
 * fails it with 409 "Contact already exists. Existing ID: N" naming only the first. With a trace
 * id on every input, HubSpot answers 207 Multi-Status: the good inputs are written and each bad
 * one is reported with its trace id. Ids that do not exist are always reported per input (207).
 */
interface Plan {
  readonly record: CrmRecord | undefined;
  readonly values: PropertyValues;
  readonly associate?: (id: number) => void;
}

class BatchCheck {
  readonly errors: BatchError[] = [];
  readonly #issues: ValueIssue[] = [];
  #conflict: { existingId: number; property: string } | undefined;
  readonly multiStatus: boolean;

  constructor(inputs: readonly Record<string, unknown>[]) {
    this.multiStatus = inputs.length > 0 && inputs.every((input) => traceIdOf(input) !== undefined);
  }

  /** Records a failed input; false means "skip this input". */
  issues(issues: readonly ValueIssue[], traceId: string | undefined): boolean {
    if (issues.length === 0) return true;
    if (this.multiStatus) this.errors.push(batchIssueError(issues, traceId));
    else this.#issues.push(...issues);
    return false;
  }

  conflict(
    state: HubspotState,
    type: ObjectTypeName,
    conflict: { existingId: number; property: string } | undefined,
    traceId: string | undefined,
  ): boolean {
    if (conflict === undefined) return true;
    if (this.multiStatus)
      this.errors.push(batchConflictError(state.stores[type].spec, conflict.existingId, traceId));
    else this.#conflict ??= conflict;
    return false;
  }

  /** All-or-nothing batches fail here, before anything is written. */
  throwIfFailed(state: HubspotState, type: ObjectTypeName): void {
    if (this.#issues.length > 0) throw invalidPropertiesError(this.#issues);
    if (this.#conflict !== undefined)
      throw conflictFor(state, type, this.#conflict.existingId, this.#conflict.property);
  }
}

/** Two inputs of one batch claiming the same unique value (e.g. the same new email). */
function claimUnique(
  state: HubspotState,
  type: ObjectTypeName,
  values: PropertyValues,
  claimed: Set<string>,
): ValueIssue[] {
  const uniques = state.registry.uniqueSet(type);
  const issues: ValueIssue[] = [];
  for (const [name, value] of values) {
    if (value === '' || !uniques.has(name)) continue;
    const key = `${name}\u0000${name === 'email' ? value.toLowerCase() : value}`;
    if (claimed.has(key))
      issues.push({
        error: 'DUPLICATE_VALUE',
        name,
        message: `Duplicate value ${value} for unique property ${name} in batch input`,
      });
    claimed.add(key);
  }
  return issues;
}

function execute(
  state: HubspotState,
  type: ObjectTypeName,
  plans: Plan[],
  source: WriteSource,
  upsert: boolean,
) {
  const now = state.now();
  const names = writeResultNamesOfCall(state, type);
  return plans.map((plan) => {
    let record = plan.record;
    if (record === undefined) {
      record = createRecord(state, type, plan.values, source, now);
      plan.associate?.(record.id);
    } else applyValues(state, type, record, plan.values, source, now);
    const result = serializeRecord(state, type, record, names(plan.values));
    if (upsert) result.new = plan.record === undefined;
    return result;
  });
}

function batchCreate(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const inputs = batchInputs(request.body);
  const source = apiSource(request.appId);
  const startedAt = new Date(state.now()).toISOString();
  const check = new BatchCheck(inputs);
  const claimed = new Set<string>();
  const plans: Plan[] = [];
  for (const input of inputs) {
    const traceId = traceIdOf(input);
    const prepared = prepareProperties(state, type, input.properties ?? {}, source);
    if (!check.issues(prepared.issues, traceId)) continue;
    if (
      !check.conflict(state, type, findConflict(state, type, prepared.values, undefined), traceId)
    )
      continue;
    if (!check.issues(claimUnique(state, type, prepared.values, claimed), traceId)) continue;
    plans.push({
      record: undefined,
      values: prepared.values,
      associate: associateOnCreate(state, type, input.associations),
    });
  }
  check.throwIfFailed(state, type);
  const results = execute(state, type, plans, source, false);
  const status = check.errors.length > 0 ? 207 : 201;
  return { status, body: batchEnvelope(startedAt, state.now(), results, check.errors) };
}

function batchUpdate(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const inputs = batchInputs(request.body);
  const source = apiSource(request.appId);
  const startedAt = new Date(state.now()).toISOString();
  refuseDuplicates(inputs.map((input) => inputId(input.id) ?? ''));
  const check = new BatchCheck(inputs);
  const missing: string[] = [];
  const missingTraces: string[] = [];
  const plans: Plan[] = [];
  for (const input of inputs) {
    const traceId = traceIdOf(input);
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
    checkIdProperty(state, type, idProperty);
    const id = inputId(input.id) ?? '';
    const record = findRecord(state, type, id, idProperty);
    if (record === undefined) {
      missing.push(id);
      if (traceId !== undefined) missingTraces.push(traceId);
      continue;
    }
    const prepared = prepareProperties(state, type, input.properties ?? {}, source);
    if (!check.issues(prepared.issues, traceId)) continue;
    if (
      !check.conflict(state, type, findConflict(state, type, prepared.values, record.id), traceId)
    )
      continue;
    plans.push({ record, values: prepared.values });
  }
  check.throwIfFailed(state, type);
  const results = execute(state, type, plans, source, false);
  const errors = [
    ...(missing.length > 0
      ? [batchNotFoundError(state.stores[type].spec, missing, missingTraces)]
      : []),
    ...check.errors,
  ];
  return {
    status: errors.length > 0 ? 207 : 200,
    body: batchEnvelope(startedAt, state.now(), results, errors),
  };
}

function batchUpsert(state: HubspotState, request: ApiRequest) {
  const type = objectType(request.params.objectType);
  const inputs = batchInputs(request.body);
  const source = apiSource(request.appId);
  const startedAt = new Date(state.now()).toISOString();
  const check = new BatchCheck(inputs);
  const claimed = new Set<string>();
  const missing: string[] = [];
  const plans: Plan[] = [];
  // Duplicates are found by the record an input resolves to (or its new id value).
  const seen = new Set<CrmRecord | string>();
  const duplicates: string[] = [];
  const checkedIdProperties = new Set<string | undefined>();
  for (const input of inputs) {
    const traceId = traceIdOf(input);
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
    if (!checkedIdProperties.has(idProperty)) {
      checkIdProperty(state, type, idProperty);
      checkedIdProperties.add(idProperty);
    }
    const id = inputId(input.id) ?? '';
    const record = findRecord(state, type, id, idProperty);
    const key =
      record ?? `${idProperty ?? ''}\u0000${idProperty === 'email' ? id.toLowerCase() : id}`;
    if (seen.has(key)) {
      duplicates.push(id);
      continue;
    }
    seen.add(key);
    const prepared = prepareProperties(state, type, input.properties ?? {}, source);
    let values = prepared.values;
    let issues = prepared.issues;
    if (record === undefined) {
      if (idProperty === undefined || idProperty === 'hs_object_id') {
        missing.push(id);
        continue;
      }
      // A new record gets the id property's value from the input's id.
      const definition = state.registry.get(type, idProperty)!;
      const checked = checkValue(definition, id);
      if (!checked.ok) issues = [...issues, checked.issue];
      else
        values = [...values.filter(([name]) => name !== idProperty), [idProperty, checked.value]];
    }
    if (!check.issues(issues, traceId)) continue;
    if (!check.conflict(state, type, findConflict(state, type, values, record?.id), traceId))
      continue;
    if (record === undefined && !check.issues(claimUnique(state, type, values, claimed), traceId))
      continue;
    plans.push({ record, values });
  }
  if (duplicates.length > 0) throw duplicateIdsError(duplicates);
  check.throwIfFailed(state, type);
  const results = execute(state, type, plans, source, true);
  const errors = [
    ...(missing.length > 0 ? [batchNotFoundError(state.stores[type].spec, missing)] : []),
    ...check.errors,
  ];
  return {
    status: errors.length > 0 ? 207 : 200,
    body: batchEnvelope(startedAt, state.now(), results, errors),
  };
}

export function registerBatchWriteRoutes(
  router: Router,
  pipeline: Pipeline,
  state: HubspotState,
): void {
  const base = '/crm/v3/objects/:objectType/batch';
  router.post(
    `${base}/create`,
    apiRoute(pipeline, { kind: 'write' }, (request) => batchCreate(state, request)),
  );
  router.post(
    `${base}/update`,
    apiRoute(pipeline, { kind: 'write' }, (request) => batchUpdate(state, request)),
  );
  router.post(
    `${base}/upsert`,
    apiRoute(pipeline, { kind: 'write' }, (request) => batchUpsert(state, request)),
  );
}
