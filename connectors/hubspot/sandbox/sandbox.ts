import express from 'express';
import type { SandboxContext, SeedRequest, VendorSandbox } from '../../../src/sandbox/types.ts';
import { createAdminRouter } from './admin/admin-router.ts';
import { HUBSPOT_SANDBOX_TOKEN, OBJECT_TYPES, type ObjectTypeName } from './config.ts';
import { RateLimiter } from './http/rate-limits.ts';
import { HubspotApiError, sendError } from './http/respond.ts';
import type { Pipeline } from './http/pipeline.ts';
import { objectTypeNamed } from './config.ts';
import { serializeRecord } from './objects/serialize.ts';
import { registerAssociationRoutes } from './routes/associations.ts';
import { registerBasicRoutes } from './routes/objects-basic.ts';
import { registerBatchReadRoutes } from './routes/objects-batch-read.ts';
import { registerBatchWriteRoutes } from './routes/objects-batch-write.ts';
import { registerSearchRoutes } from './routes/objects-search.ts';
import { registerPropertyRoutes } from './routes/properties.ts';
import { ensureLeadloopProperties, seedPortal } from './seed/seed.ts';
import { HubspotState } from './state.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';

/**
 * The HubSpot CRM v3 emulator: one portal with a private app, served under /crm/... for the
 * unmodified @hubspot/api-client. State lives in memory; `reset()` brings back a fresh portal.
 */
export interface HubspotSandboxOptions {
  /** Start with the leadloop property group and properties already created. */
  readonly withLeadloopProperties?: boolean;
  /** Extra private-app tokens to accept besides HUBSPOT_SANDBOX_TOKEN. */
  readonly extraTokens?: readonly string[];
}

export interface HubspotSandbox extends VendorSandbox {
  readonly state: HubspotState;
  readonly limiter: RateLimiter;
  readonly webhooks: WebhookDispatcher;
}

export function createHubspotSandbox(
  context: SandboxContext,
  options: HubspotSandboxOptions = {},
): HubspotSandbox {
  const state = new HubspotState(context.clock);
  const limiter = new RateLimiter(context.clock);
  const webhooks = new WebhookDispatcher(context.clock);
  state.events = webhooks;
  const staticTokens = [HUBSPOT_SANDBOX_TOKEN, ...(options.extraTokens ?? [])];
  const pipeline: Pipeline = { context, limiter, tokens: new Set(staticTokens) };
  const prepare = () => {
    if (options.withLeadloopProperties === true) ensureLeadloopProperties(state);
  };
  prepare();

  // Express tries routes in order: the batch endpoints (the hot path) go first.
  const router = express.Router();
  registerBatchWriteRoutes(router, pipeline, state);
  registerBatchReadRoutes(router, pipeline, state);
  registerSearchRoutes(router, pipeline, state);
  registerBasicRoutes(router, pipeline, state);
  registerPropertyRoutes(router, pipeline, state);
  registerAssociationRoutes(router, pipeline, state);
  router.use('/crm', (_req, res) => {
    sendError(
      res,
      new HubspotApiError(404, 'OBJECT_NOT_FOUND', 'Unable to route request: no such endpoint'),
    );
  });

  return {
    system: 'hubspot',
    router,
    adminRouter: createAdminRouter({ state, limiter, webhooks }),
    staticTokens,
    state,
    limiter,
    webhooks,
    reset() {
      state.reset();
      limiter.reset();
      webhooks.reset();
      prepare();
    },
    seed(request: SeedRequest) {
      return seedPortal(state, request);
    },
    dump(object?: string) {
      if (object === undefined)
        return Object.fromEntries(
          (Object.keys(OBJECT_TYPES) as ObjectTypeName[]).map((type) => [
            type,
            state.stores[type].size,
          ]),
        );
      const spec = objectTypeNamed(object);
      if (spec === undefined) return { error: `No HubSpot object ${object}` };
      const names = state.registry.list(spec.name, false).map((property) => property.name);
      const store = state.stores[spec.name];
      const records = [];
      for (const id of store.idsFrom(0))
        records.push(serializeRecord(state, spec.name, store.get(id)!, names));
      return records;
    },
  };
}
