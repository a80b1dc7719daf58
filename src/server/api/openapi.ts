import { z } from 'zod';
import { ApiErrorSchema } from '../http-error.ts';
import {
  LeadDetailResponse,
  LeadParams,
  ListDeadLettersQuery,
  ListDeadLettersResponse,
  ListLeadsQuery,
  ListLeadsResponse,
  ListRunsQuery,
  ListRunsResponse,
  ReplayBody,
  ReplayResponse,
  ReportQuery,
  TriggerSyncBody,
  TriggerSyncResponse,
} from './schemas.ts';

/**
 * The OpenAPI 3.1 document of the admin API, generated from the same zod schemas the handlers
 * parse with (zod 4's `z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 expects).
 */
type JsonSchema = Record<string, unknown>;

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly query?: z.ZodType;
  readonly params?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly response: z.ZodType;
  readonly status?: number;
  readonly tag: string;
}

const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/leads',
    summary: 'List leads by stage, owner and SLA status (keyset paging)',
    query: ListLeadsQuery,
    response: ListLeadsResponse,
    tag: 'leads',
  },
  {
    method: 'get',
    path: '/api/leads/{id}',
    summary: 'One lead with stage history, score reasons, links and follow-up clocks',
    params: LeadParams,
    response: LeadDetailResponse,
    tag: 'leads',
  },
  {
    method: 'post',
    path: '/api/sync',
    summary: 'Queue a full sync cycle',
    body: TriggerSyncBody,
    response: TriggerSyncResponse,
    status: 202,
    tag: 'sync',
  },
  {
    method: 'get',
    path: '/api/runs',
    summary: 'Latest runs (sync, SLA sweep, replay), newest first',
    query: ListRunsQuery,
    response: ListRunsResponse,
    tag: 'sync',
  },
  {
    method: 'get',
    path: '/api/dead-letters',
    summary: 'Unresolved dead letters: records a system rejected',
    query: ListDeadLettersQuery,
    response: ListDeadLettersResponse,
    tag: 'dead letters',
  },
  {
    method: 'post',
    path: '/api/dead-letters/replay',
    summary: 'Retry dead letters now',
    body: ReplayBody,
    response: ReplayResponse,
    tag: 'dead letters',
  },
  {
    method: 'get',
    path: '/api/report',
    summary: 'Pipeline report for a period (default: the last 28 days)',
    query: ReportQuery,
    response: z.record(z.string(), z.unknown()),
    tag: 'report',
  },
];

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

/** Query/path parameters: one per property of the (object) schema. */
function parameters(schema: z.ZodType, where: 'query' | 'path'): JsonSchema[] {
  const json = schemaOf(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(op: Operation): JsonSchema {
  return {
    summary: op.summary,
    tags: [op.tag],
    security: [{ adminToken: [] }],
    parameters: [
      ...(op.params === undefined ? [] : parameters(op.params, 'path')),
      ...(op.query === undefined ? [] : parameters(op.query, 'query')),
    ],
    ...(op.body === undefined
      ? {}
      : {
          requestBody: {
            required: false,
            content: { 'application/json': { schema: schemaOf(op.body, 'input') } },
          },
        }),
    responses: {
      [String(op.status ?? 200)]: {
        description: 'OK',
        content: { 'application/json': { schema: schemaOf(op.response, 'output') } },
      },
      '400': errorResponse('The request is malformed or invalid (see `issues`).'),
      '401': errorResponse('The admin token is missing or wrong.'),
      '429': errorResponse('Too many failed attempts from this address.'),
      '503': errorResponse('The admin API is disabled (no LEADLOOP_ADMIN_TOKEN).'),
    },
  };
}

export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method]: operation(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'leadloop admin API',
      version,
      description:
        'Leads, sync runs, dead letters and reports. Every request needs `Authorization: Bearer <LEADLOOP_ADMIN_TOKEN>`.',
    },
    paths,
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: schemaOf(ApiErrorSchema, 'output') },
    },
  };
}
