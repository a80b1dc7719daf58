import express from 'express';
import type { SandboxContext, VendorSandbox } from '../../../src/sandbox/types.ts';
import { createAdminRouter } from './admin/admin-router.ts';
import { SALESFORCE_SANDBOX_TOKEN } from './config.ts';
import { notFound } from './http/errors.ts';
import type { Pipeline } from './http/pipeline.ts';
import { sendJson } from './http/respond.ts';
import { serializeRecord } from './records/serialize.ts';
import { registerCollectionRoutes } from './routes/collections.ts';
import { registerCompositeRoutes } from './routes/composite.ts';
import { registerExternalIdRoutes } from './routes/external-id.ts';
import { registerListViewRoutes } from './routes/list-views.ts';
import { registerOAuthRoutes } from './routes/oauth.ts';
import { registerOrgRoutes } from './routes/org.ts';
import { registerQueryRoutes } from './routes/query.ts';
import { registerReplicationRoutes } from './routes/replication.ts';
import { registerSObjectRoutes } from './routes/sobjects.ts';
import { registerSoapRoutes } from './routes/soap.ts';
import { ensureLeadloopFields } from './seed/leadloop-fields.ts';
import { seedOrg, type SalesforceSeedRequest } from './seed/seed.ts';
import { SalesforceState } from './state.ts';

/**
 * The Salesforce emulator: one org served under /services/... for the unmodified jsforce 3
 * (REST, the partner and Metadata SOAP APIs, OAuth). State lives in memory; `reset()` brings
 * back a fresh org with its users.
 */
export interface SalesforceSandboxOptions {
  /** Start with the leadloop custom fields (and permission set) already created. */
  readonly withLeadloopFields?: boolean;
  /** Extra access tokens to accept besides SALESFORCE_SANDBOX_TOKEN. */
  readonly extraTokens?: readonly string[];
  /** The daily API request allowance (default 115,000). */
  readonly dailyApiRequests?: number;
  /** Hide custom fields from the API user until a permission set grants them. */
  readonly enforceFieldSecurity?: boolean;
}

export interface SalesforceSandbox extends VendorSandbox {
  readonly state: SalesforceState;
}

export function createSalesforceSandbox(
  context: SandboxContext,
  options: SalesforceSandboxOptions = {},
): SalesforceSandbox {
  const staticTokens = [SALESFORCE_SANDBOX_TOKEN, ...(options.extraTokens ?? [])];
  const state = new SalesforceState(context.clock, {
    staticTokens,
    ...(options.dailyApiRequests === undefined
      ? {}
      : { dailyApiRequests: options.dailyApiRequests }),
  });
  const prepare = () => {
    if (options.withLeadloopFields === true) ensureLeadloopFields(state);
    state.schema.fieldSecurityEnforced = options.enforceFieldSecurity === true;
  };
  prepare();
  const pipeline: Pipeline = { context, state };

  // Express tries routes in order: fixed sub-resources before the `/{Type}/{id}` patterns.
  const router = express.Router();
  // Salesforce's answers carry its own time in `Date`: a skewed sandbox clock must show there
  // (clients such as `leadloop doctor` measure clock skew from it).
  const date = { second: Number.NaN, text: '' };
  router.use(['/services', '/id'], (_req, res, next) => {
    // Whole seconds: the text is made once per second of the sandbox clock, not per answer.
    const second = Math.floor(context.clock.nowMs() / 1000);
    if (second !== date.second) {
      date.second = second;
      date.text = new Date(second * 1000).toUTCString();
    }
    res.setHeader('Date', date.text);
    next();
  });
  // Collections first: they are the hot path, and every route tried before costs a regex test.
  registerCollectionRoutes(router, pipeline);
  registerCompositeRoutes(router, pipeline);
  registerOAuthRoutes(router, pipeline);
  registerOrgRoutes(router, pipeline);
  registerQueryRoutes(router, pipeline);
  registerReplicationRoutes(router, pipeline);
  registerListViewRoutes(router, pipeline);
  registerSObjectRoutes(router, pipeline);
  registerExternalIdRoutes(router, pipeline);
  registerSoapRoutes(router, pipeline);
  router.use('/services', (_req, res) => sendJson(res, 404, notFound().body()));

  return {
    system: 'salesforce',
    router,
    adminRouter: createAdminRouter(state),
    staticTokens,
    state,
    reset() {
      state.reset();
      prepare();
    },
    seed(request: SalesforceSeedRequest) {
      return seedOrg(state, request);
    },
    dump(object?: string) {
      if (object === undefined)
        return Object.fromEntries(state.stores().map((store) => [store.schema.name, store.size]));
      const store = state.store(object);
      if (store === undefined) return { error: `No Salesforce object ${object}` };
      const fields = store.schema.allFields();
      return [...store.records.values()].map((record) => serializeRecord(record, fields, '62.0'));
    },
  };
}
