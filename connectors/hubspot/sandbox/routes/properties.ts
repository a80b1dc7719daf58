import type { Router } from 'express';
import { z } from 'zod';
import { isRecord } from '../http/body.ts';
import { apiRoute, type ApiRequest, type Pipeline } from '../http/pipeline.ts';
import { HubspotApiError, validationError } from '../http/respond.ts';
import { objectType } from '../objects/resolve.ts';
import {
  PropertyCreateSchema,
  PropertyGroupCreateSchema,
  PropertyUpdateSchema,
  serializeGroup,
  serializeProperty,
} from '../properties/definitions.ts';
import type { HubspotState } from '../state.ts';
import { batchEnvelope, batchInputs } from './batch-common.ts';

/**
 * `/crm/v3/properties/{objectType}`: property definitions (list, get, create 201 / 409 on a
 * duplicate name, update, archive 204, batch create and read) and property groups. These are
 * setup calls, not a hot path, so bodies are validated with zod.
 */
export function parseInput<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw validationError(
    `Invalid input JSON on line 1, column 1: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim(),
    {
      errors: parsed.error.issues.map((issue) => ({
        message: issue.message,
        in: issue.path.join('.'),
        code: 'INVALID_INPUT',
      })),
    },
  );
}

const GroupUpdateSchema = z.object({
  label: z.string().min(1).optional(),
  displayOrder: z.number().int().optional(),
});

const archivedParam = (request: ApiRequest) => request.query.get('archived') === 'true';

export function registerPropertyRoutes(
  router: Router,
  pipeline: Pipeline,
  state: HubspotState,
): void {
  const base = '/crm/v3/properties/:objectType';
  const read = (handler: (request: ApiRequest) => { status: number; body?: unknown }) =>
    apiRoute(pipeline, { kind: 'read' }, handler);
  const write = (handler: (request: ApiRequest) => { status: number; body?: unknown }) =>
    apiRoute(pipeline, { kind: 'write' }, handler);

  // Groups first: "groups" would otherwise be taken for a property name.
  router.get(
    `${base}/groups`,
    read((request) => ({
      status: 200,
      body: {
        results: state.registry.groups(objectType(request.params.objectType)).map(serializeGroup),
      },
    })),
  );
  router.post(
    `${base}/groups`,
    write((request) => {
      const input = parseInput(PropertyGroupCreateSchema, request.body);
      return {
        status: 201,
        body: serializeGroup(
          state.registry.createGroup(objectType(request.params.objectType), input),
        ),
      };
    }),
  );
  router.get(
    `${base}/groups/:groupName`,
    read((request) => ({
      status: 200,
      body: serializeGroup(
        state.registry.requireGroup(
          objectType(request.params.objectType),
          request.params.groupName!,
        ),
      ),
    })),
  );
  router.patch(
    `${base}/groups/:groupName`,
    write((request) => {
      const group = state.registry.requireGroup(
        objectType(request.params.objectType),
        request.params.groupName!,
      );
      const input = parseInput(GroupUpdateSchema, request.body);
      if (input.label !== undefined) group.label = input.label;
      if (input.displayOrder !== undefined) group.displayOrder = input.displayOrder;
      return { status: 200, body: serializeGroup(group) };
    }),
  );
  router.delete(
    `${base}/groups/:groupName`,
    write((request) => {
      state.registry.requireGroup(
        objectType(request.params.objectType),
        request.params.groupName!,
      ).archived = true;
      return { status: 204 };
    }),
  );

  router.post(
    `${base}/batch/create`,
    write((request) => {
      const type = objectType(request.params.objectType);
      const startedAt = new Date(state.now()).toISOString();
      const results = [];
      const errors = [];
      for (const input of batchInputs(request.body)) {
        try {
          results.push(
            serializeProperty(
              state.registry.create(type, parseInput(PropertyCreateSchema, input), state.now()),
            ),
          );
        } catch (error) {
          if (!(error instanceof HubspotApiError)) throw error;
          errors.push({
            status: 'error',
            category: error.body.category ?? 'VALIDATION_ERROR',
            message: error.message,
            context: { name: [String(input.name)] },
          });
        }
      }
      return {
        status: errors.length > 0 ? 207 : 201,
        body: batchEnvelope(startedAt, state.now(), results, errors),
      };
    }),
  );
  router.post(
    `${base}/batch/read`,
    read((request) => {
      const type = objectType(request.params.objectType);
      const startedAt = new Date(state.now()).toISOString();
      const names = batchInputs(request.body).map((input) => String(input.name));
      const found = names
        .map((name) => state.registry.get(type, name))
        .filter((p) => p !== undefined);
      const missing = names.filter((name) => state.registry.get(type, name) === undefined);
      const errors =
        missing.length === 0
          ? []
          : [
              {
                status: 'error',
                category: 'OBJECT_NOT_FOUND',
                message: 'Some properties could not be found',
                context: { names: missing },
              },
            ];
      return {
        status: errors.length > 0 ? 207 : 200,
        body: batchEnvelope(startedAt, state.now(), found.map(serializeProperty), errors),
      };
    }),
  );
  router.post(
    `${base}/batch/archive`,
    write((request) => {
      const type = objectType(request.params.objectType);
      for (const input of batchInputs(request.body))
        if (state.registry.get(type, String(input.name)) !== undefined)
          state.registry.archive(type, String(input.name), state.now());
      return { status: 204 };
    }),
  );

  router.get(
    base,
    read((request) => ({
      status: 200,
      body: {
        results: state.registry
          .list(objectType(request.params.objectType), archivedParam(request))
          .map(serializeProperty),
      },
    })),
  );
  router.post(
    base,
    write((request) => {
      const type = objectType(request.params.objectType);
      const input = parseInput(PropertyCreateSchema, request.body);
      return {
        status: 201,
        body: serializeProperty(state.registry.create(type, input, state.now())),
      };
    }),
  );
  router.get(
    `${base}/:propertyName`,
    read((request) => ({
      status: 200,
      body: serializeProperty(
        state.registry.require(objectType(request.params.objectType), request.params.propertyName!),
      ),
    })),
  );
  router.patch(
    `${base}/:propertyName`,
    write((request) => {
      const type = objectType(request.params.objectType);
      const patch = parseInput(PropertyUpdateSchema, isRecord(request.body) ? request.body : {});
      return {
        status: 200,
        body: serializeProperty(
          state.registry.update(type, request.params.propertyName!, patch, state.now()),
        ),
      };
    }),
  );
  router.delete(
    `${base}/:propertyName`,
    write((request) => {
      state.registry.archive(
        objectType(request.params.objectType),
        request.params.propertyName!,
        state.now(),
      );
      return { status: 204 };
    }),
  );
}
