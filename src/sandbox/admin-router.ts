import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { RequestAccounting, SandboxSystem } from './accounting.ts';
import { FaultRuleSchema } from './faults.ts';
import type { SandboxContext, VendorSandbox } from './types.ts';

/**
 * The sandbox admin API under /__sandbox/: reset, seed, dump, clock offset, fault injection
 * and request accounting. Used by tests, benchmarks and the demo; never exposed by `serve`.
 */
const SystemsSchema = z.array(z.enum(['salesforce', 'hubspot'])).optional();
const SeedBodySchema = z
  .object({
    count: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().default(42),
    systems: SystemsSchema,
  })
  .strict();
const ClockBodySchema = z
  .object({
    systems: SystemsSchema,
    offsetMs: z.number().optional(),
    advanceMs: z.number().optional(),
    now: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
const FaultBodySchema = FaultRuleSchema.extend({ system: z.enum(['salesforce', 'hubspot']) });

export interface SandboxEntry {
  sandbox: VendorSandbox;
  context: SandboxContext;
}

export function createAdminRouter(
  entries: readonly SandboxEntry[],
  accounting: RequestAccounting,
): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  const pick = (systems: readonly SandboxSystem[] | undefined) =>
    entries.filter((entry) => systems === undefined || systems.includes(entry.sandbox.system));
  const byName = (name: unknown) => entries.find((entry) => entry.sandbox.system === name);
  const invalid = (res: Response, error: z.ZodError) =>
    res
      .status(400)
      .json({
        error: {
          code: 'sandbox.invalid_request',
          message: 'Invalid sandbox admin request',
          issues: error.issues,
        },
      });

  router.post('/reset', (req: Request, res: Response) => {
    const systems = SystemsSchema.safeParse(req.body?.systems);
    if (!systems.success) return invalid(res, systems.error);
    for (const { sandbox, context } of pick(systems.data)) {
      sandbox.reset();
      context.faults.clear();
      context.clock.setOffset(0);
    }
    accounting.reset();
    return res.json({ ok: true });
  });

  router.post('/seed', (req: Request, res: Response) => {
    const body = SeedBodySchema.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const created: Record<string, Record<string, number>> = {};
    for (const { sandbox } of pick(body.data.systems))
      created[sandbox.system] = sandbox.seed(body.data);
    return res.json({ created });
  });

  router.get('/dump/:system', (req: Request, res: Response) => {
    const entry = byName(req.params.system);
    if (entry === undefined)
      return res
        .status(404)
        .json({
          error: {
            code: 'sandbox.unknown_system',
            message: `No sandbox ${String(req.params.system)}`,
          },
        });
    const object = typeof req.query.object === 'string' ? req.query.object : undefined;
    return res.json(entry.sandbox.dump(object));
  });

  router.post('/clock', (req: Request, res: Response) => {
    const body = ClockBodySchema.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const clocks: Record<string, string> = {};
    for (const { sandbox, context } of pick(body.data.systems)) {
      if (body.data.now !== undefined) context.clock.setNow(new Date(body.data.now));
      if (body.data.offsetMs !== undefined) context.clock.setOffset(body.data.offsetMs);
      if (body.data.advanceMs !== undefined) context.clock.advance(body.data.advanceMs);
      clocks[sandbox.system] = context.clock.now().toISOString();
    }
    return res.json({ clocks });
  });

  router.post('/faults', (req: Request, res: Response) => {
    const body = FaultBodySchema.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const { system, ...rule } = body.data;
    byName(system)?.context.faults.add(rule);
    return res.status(201).json({ ok: true });
  });

  router.delete('/faults', (_req: Request, res: Response) => {
    for (const { context } of entries) context.faults.clear();
    res.status(204).end();
  });

  router.get('/requests', (_req: Request, res: Response) => {
    res.json(accounting.snapshot());
  });

  router.delete('/requests', (_req: Request, res: Response) => {
    accounting.reset();
    res.status(204).end();
  });

  for (const { sandbox } of entries) {
    if (sandbox.adminRouter !== undefined) router.use(`/${sandbox.system}`, sandbox.adminRouter);
  }
  return router;
}
