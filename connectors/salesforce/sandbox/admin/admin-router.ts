import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { createRecord, findRecord, updateRecord } from '../records/save.ts';
import { ensureLeadloopFields } from '../seed/leadloop-fields.ts';
import { seedOrg } from '../seed/seed.ts';
import type { SalesforceState } from '../state.ts';

/**
 * Salesforce-specific admin endpoints under /__sandbox/salesforce/: the daily API allowance,
 * expiring sessions, connected-app credentials, the lead assignment rule, field-level
 * security, seeding, and what happens in Salesforce without the API — a sales rep editing a
 * lead or logging a call in the UI.
 */
const LimitsSchema = z
  .object({
    dailyApiRequests: z.number().int().min(0).optional(),
    used: z.number().int().min(0).optional(),
  })
  .strict();
const ExpireSchema = z.object({ keepStatic: z.boolean().default(false) }).strict();
const ClientSchema = z
  .object({ clientId: z.string().min(1), clientSecret: z.string().min(1) })
  .strict();
const RefreshSchema = z.object({ clientId: z.string().min(1) }).strict();
const ToggleSchema = z.object({ active: z.boolean() }).strict();
const SecuritySchema = z.object({ enforced: z.boolean() }).strict();
const SeedSchema = z
  .object({
    count: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().default(42),
    withLeadloopFields: z.boolean().optional(),
  })
  .strict();
const EditSchema = z
  .object({
    object: z.string().min(1),
    /** Absent: the user creates a record. */
    id: z.string().optional(),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    /** The user making the edit (default: the first sales rep). */
    userId: z.string().optional(),
  })
  .strict();

export function createAdminRouter(state: SalesforceState): Router {
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));
  const parse = <T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined => {
    const result = schema.safeParse(req.body ?? {});
    if (result.success) return result.data;
    res.status(400).json({
      error: {
        code: 'sandbox.invalid_request',
        message: 'Invalid sandbox admin request',
        issues: result.error.issues,
      },
    });
    return undefined;
  };
  const limits = () => ({ dailyApiRequests: state.usage.max, used: state.usage.used() });

  router.get('/limits', (_req, res) => res.json(limits()));
  router.post('/limits', (req, res) => {
    const body = parse(LimitsSchema, req, res);
    if (body === undefined) return;
    if (body.dailyApiRequests !== undefined) state.usage.max = body.dailyApiRequests;
    if (body.used !== undefined) state.usage.setUsed(body.used);
    res.json(limits());
  });

  router.post('/sessions/expire', (req, res) => {
    const body = parse(ExpireSchema, req, res);
    if (body !== undefined) res.json({ expired: state.sessions.expireAll(body.keepStatic) });
  });
  router.post('/oauth/clients', (req, res) => {
    const body = parse(ClientSchema, req, res);
    if (body === undefined) return;
    state.sessions.addClient(body.clientId, body.clientSecret);
    res.status(201).json({ clientId: body.clientId });
  });
  router.post('/oauth/refresh-tokens', (req, res) => {
    const body = parse(RefreshSchema, req, res);
    if (body === undefined) return;
    if (state.sessions.clientSecret(body.clientId) === undefined) {
      res.status(404).json({
        error: { code: 'sandbox.unknown_client', message: `No connected app ${body.clientId}` },
      });
      return;
    }
    res.status(201).json({ refreshToken: state.sessions.issueRefreshToken(body.clientId) });
  });

  router.get('/assignment', (_req, res) => res.json(state.assignment));
  router.post('/assignment', (req, res) => {
    const body = parse(ToggleSchema, req, res);
    if (body === undefined) return;
    state.assignment.active = body.active;
    res.json(state.assignment);
  });
  router.post('/field-security', (req, res) => {
    const body = parse(SecuritySchema, req, res);
    if (body === undefined) return;
    state.schema.fieldSecurityEnforced = body.enforced;
    res.json({ enforced: body.enforced });
  });

  router.post('/seed', (req, res) => {
    const body = parse(SeedSchema, req, res);
    if (body === undefined) return;
    const { withLeadloopFields, ...request } = body;
    res.json({
      created: seedOrg(state, {
        ...request,
        ...(withLeadloopFields === undefined ? {} : { withLeadloopFields }),
      }),
    });
  });
  router.post('/leadloop-fields', (_req, res) =>
    res.json({ created: ensureLeadloopFields(state) }),
  );

  router.post('/ui-edit', (req, res) => {
    const body = parse(EditSchema, req, res);
    if (body === undefined) return;
    const store = state.store(body.object);
    if (store === undefined) {
      res
        .status(404)
        .json({ error: { code: 'sandbox.unknown_object', message: `No object ${body.object}` } });
      return;
    }
    // A UI save runs no assignment rule unless the user ticks the box; this one does not.
    const ctx = { state, userId: body.userId ?? state.users.reps[0]!, autoAssign: false };
    let outcome;
    if (body.id === undefined) outcome = createRecord(ctx, store, body.fields);
    else {
      const found = findRecord(state, body.id, store);
      outcome =
        'error' in found
          ? { success: false as const, errors: [found.error] }
          : updateRecord(ctx, store, found.record, body.fields);
    }
    if (outcome.success) res.status(body.id === undefined ? 201 : 200).json({ id: outcome.id });
    else
      res.status(400).json({
        error: {
          code: 'sandbox.rejected',
          message: outcome.errors[0]!.message,
          issues: outcome.errors,
        },
      });
  });

  router.get('/stats', (_req, res) => {
    const objects: Record<string, { live: number; deleted: number }> = {};
    for (const store of state.stores()) {
      let deleted = 0;
      for (const record of store.records.values()) if (record.deleted) deleted += 1;
      objects[store.schema.name] = { live: store.size - deleted, deleted };
    }
    res.json({ objects, openCursors: state.cursors.size, limits: limits(), users: state.users });
  });
  return router;
}
