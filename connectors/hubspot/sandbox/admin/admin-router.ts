import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { SANDBOX_APP_ID, SANDBOX_UI_USER_ID } from '../config.ts';
import type { RateLimiter } from '../http/rate-limits.ts';
import { HubspotApiError } from '../http/respond.ts';
import { invalidPropertiesError } from '../objects/errors.ts';
import { mergeRecords } from '../objects/merge.ts';
import { objectType } from '../objects/resolve.ts';
import { propertyNames, serializeRecord } from '../objects/serialize.ts';
import { systemSource, uiSource } from '../objects/source.ts';
import { applyValues, findConflict, prepareProperties } from '../objects/write.ts';
import { ensureLeadloopProperties, seedPortal } from '../seed/seed.ts';
import type { HubspotState } from '../state.ts';
import type { WebhookDispatcher } from '../webhooks/dispatcher.ts';

/**
 * HubSpot-specific admin endpoints under /__sandbox/hubspot/: API budgets, search indexing
 * delay, webhook delivery, and what happens inside HubSpot without the API — a marketer editing
 * a contact (CRM_UI), analytics updating engagement counters, a merge done in the UI.
 */
const BudgetsSchema = z
  .object({
    tenSecondly: z.number().int().min(0).optional(),
    daily: z.number().int().min(0).optional(),
    searchPerSecond: z.number().int().min(0).optional(),
  })
  .strict();
const WebhooksSchema = z
  .object({
    targetUrl: z.url(),
    clientSecret: z.string().min(1),
    appId: z.number().int().default(SANDBOX_APP_ID),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    retryDelayMs: z.number().int().min(0).max(60_000).default(100),
    debounceMs: z.number().int().min(0).max(10_000).default(50),
    propertyNames: z.array(z.string()).optional(),
  })
  .strict();
const EditSchema = z
  .object({
    objectType: z.string().default('contacts'),
    id: z.union([z.string(), z.number()]).transform(String),
    properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    userId: z.number().int().default(SANDBOX_UI_USER_ID),
    /** CRM_UI (a user) by default; ANALYTICS, EMAIL, FORM, CALCULATED for HubSpot's own updates. */
    sourceType: z.enum(['CRM_UI', 'ANALYTICS', 'EMAIL', 'FORM', 'CALCULATED']).default('CRM_UI'),
  })
  .strict();
const MergeSchema = z
  .object({
    objectType: z.string().default('contacts'),
    primaryId: z.union([z.string(), z.number()]).transform(Number),
    mergedId: z.union([z.string(), z.number()]).transform(Number),
    userId: z.number().int().default(SANDBOX_UI_USER_ID),
  })
  .strict();
const SeedSchema = z
  .object({
    count: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().default(42),
    withLeadloopProperties: z.boolean().default(false),
  })
  .strict();

export interface AdminDeps {
  readonly state: HubspotState;
  readonly limiter: RateLimiter;
  readonly webhooks: WebhookDispatcher;
}

type Handler = (body: unknown, req: Request) => unknown;

function handle(handler: Handler) {
  return async (req: Request, res: Response) => {
    try {
      res.json(await handler(req.body, req));
    } catch (error) {
      if (error instanceof z.ZodError)
        res.status(400).json({
          error: {
            code: 'sandbox.invalid_request',
            message: 'Invalid sandbox admin request',
            issues: error.issues,
          },
        });
      else if (error instanceof HubspotApiError) res.status(error.status).json(error.body);
      else throw error;
    }
  };
}

export function createAdminRouter({ state, limiter, webhooks }: AdminDeps): Router {
  const router = express.Router();
  router.get(
    '/budgets',
    handle(() => limiter.usage()),
  );
  router.post(
    '/budgets',
    handle((body) => {
      const budgets = BudgetsSchema.parse(body);
      limiter.budgets = {
        ...limiter.budgets,
        ...Object.fromEntries(Object.entries(budgets).filter(([, v]) => v !== undefined)),
      };
      return limiter.usage();
    }),
  );
  router.post(
    '/search-indexing',
    handle((body) => {
      state.searchIndexingDelayMs = z
        .object({ delayMs: z.number().int().min(0) })
        .strict()
        .parse(body).delayMs;
      return { delayMs: state.searchIndexingDelayMs };
    }),
  );
  router.post(
    '/webhooks',
    handle((body) => {
      const { propertyNames: names, ...config } = WebhooksSchema.parse(body);
      webhooks.configure({ ...config, propertyNames: names });
      return { ok: true };
    }),
  );
  router.delete(
    '/webhooks',
    handle(() => {
      webhooks.configure(undefined);
      return { ok: true };
    }),
  );
  router.get(
    '/webhooks/deliveries',
    handle(() => ({ deliveries: webhooks.deliveries })),
  );
  router.post(
    '/webhooks/flush',
    handle(async () => {
      await webhooks.idle();
      return { deliveries: webhooks.deliveries.length };
    }),
  );
  router.post(
    '/ui-edit',
    handle((body) => {
      const edit = EditSchema.parse(body);
      const type = objectType(edit.objectType);
      const record = state.stores[type].live(Number(edit.id));
      if (record === undefined)
        throw new HubspotApiError(404, 'OBJECT_NOT_FOUND', 'resource not found');
      const source =
        edit.sourceType === 'CRM_UI' ? uiSource(edit.userId) : systemSource(edit.sourceType);
      const prepared = prepareProperties(state, type, edit.properties, source);
      if (prepared.issues.length > 0) throw invalidPropertiesError(prepared.issues);
      const conflict = findConflict(state, type, prepared.values, record.id);
      if (conflict !== undefined)
        throw new HubspotApiError(
          409,
          'CONFLICT',
          `Value ${conflict.value} of ${conflict.property} is already used by ${conflict.existingId}`,
        );
      const changed = applyValues(state, type, record, prepared.values, source, state.now());
      return {
        changed,
        record: serializeRecord(
          state,
          type,
          record,
          propertyNames(
            state,
            type,
            prepared.values.map(([name]) => name),
          ),
        ),
      };
    }),
  );
  router.post(
    '/merge',
    handle((body) => {
      const merge = MergeSchema.parse(body);
      const type = objectType(merge.objectType);
      const primary = state.stores[type].live(merge.primaryId);
      const merged = state.stores[type].live(merge.mergedId);
      if (primary === undefined || merged === undefined || primary.id === merged.id)
        throw new HubspotApiError(404, 'OBJECT_NOT_FOUND', 'resource not found');
      const survivor = mergeRecords(
        state,
        type,
        primary,
        merged,
        uiSource(merge.userId),
        state.now(),
      );
      return serializeRecord(
        state,
        type,
        survivor,
        propertyNames(state, type, ['hs_merged_object_ids', 'hs_additional_emails']),
      );
    }),
  );
  router.post(
    '/seed',
    handle((body) => ({ created: seedPortal(state, SeedSchema.parse(body)) })),
  );
  router.post(
    '/leadloop-properties',
    handle(() => ({ created: ensureLeadloopProperties(state) })),
  );
  router.get(
    '/stats',
    handle(() => ({
      contacts: state.stores.contacts.size,
      companies: state.stores.companies.size,
      deals: state.stores.deals.size,
      searchIndexingDelayMs: state.searchIndexingDelayMs,
      webhooks:
        webhooks.config === undefined
          ? null
          : { targetUrl: webhooks.config.targetUrl, appId: webhooks.config.appId },
    })),
  );
  return router;
}
