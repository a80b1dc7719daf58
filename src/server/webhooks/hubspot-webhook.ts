import type { RequestHandler } from 'express';
import { z } from 'zod';
import { logger } from '../../log/logger.ts';
import { HttpError, toIssues } from '../http-error.ts';
import { webhookEvents } from '../metrics.ts';
import { addId, calledUrl, recordJobs, type WebhookContext } from './context.ts';
import { verifyHubspotSignature } from './hubspot-signature.ts';

/**
 * `POST /webhooks/hubspot`: HubSpot's webhook batches (up to 100 events per request). The
 * signature is checked on the raw body, replayed deliveries (HubSpot retries for up to three
 * days) are recognised by `eventId`, leadloop's own writes are dropped by `sourceId`, and the
 * rest becomes lead-scoped sync jobs, queued in the same transaction that remembers the event
 * ids. HubSpot gets its 200 as soon as that commits; the sync runs from the queue.
 */
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

export const HubspotWebhookEventSchema = z.looseObject({
  eventId: id,
  subscriptionId: z.number().int().optional(),
  portalId: z.number().int(),
  appId: z.number().int().optional(),
  occurredAt: z.number().int(),
  /** `contact.propertyChange`, `contact.creation`, `contact.merge`, `deal.deletion`, … */
  subscriptionType: z.string().regex(/^[a-z_]+\.[A-Za-z_]+$/),
  attemptNumber: z.number().int().optional(),
  objectId: id,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  /** Which kind of actor made the change (`CRM_UI`, `INTEGRATION`, `API`, …). */
  changeSource: z.string().optional(),
  /** Who made it: a user (`userId:123`) or an app id for integrations. */
  sourceId: z.string().optional(),
  mergedObjectIds: z.array(id).optional(),
  primaryObjectId: id.optional(),
});
export type HubspotWebhookEvent = z.output<typeof HubspotWebhookEventSchema>;

export const HubspotWebhookBatchSchema = z.array(HubspotWebhookEventSchema).min(1).max(1000);

const log = logger('server.webhooks.hubspot');

function isOwnChange(event: HubspotWebhookEvent, appIds: readonly string[]): boolean {
  if (event.sourceId === undefined) return false;
  const source = event.sourceId.replace(/^(app|appId):/i, '');
  return appIds.includes(source);
}

export function hubspotWebhook(context: WebhookContext): RequestHandler {
  const appIds = context.hubspotAppIds ?? [];
  return async (request, response) => {
    const secret = context.hubspotClientSecret;
    if (secret === undefined) {
      throw new HttpError(503, 'webhook.disabled', 'HubSpot webhooks are not configured.', {
        hint: "Set HUBSPOT_CLIENT_SECRET to the HubSpot app's client secret.",
      });
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verdict = verifyHubspotSignature(
      secret,
      {
        method: request.method,
        uri: calledUrl(request, context.publicBaseUrl),
        body,
        timestamp: request.get('x-hubspot-request-timestamp') ?? '',
        signature: request.get('x-hubspot-signature-v3'),
      },
      context.clock().getTime(),
    );
    if (verdict !== 'valid') {
      log.warn('webhook rejected', { verdict });
      throw new HttpError(
        401,
        `webhook.signature_${verdict}`,
        'The HubSpot signature does not verify.',
        {
          hint:
            verdict === 'stale'
              ? 'The request is older than 5 minutes (or the clocks disagree).'
              : 'Check HUBSPOT_CLIENT_SECRET, and LEADLOOP_PUBLIC_URL when behind a proxy.',
        },
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'request.malformed', 'The webhook body is not valid JSON.');
    }
    const parsed = HubspotWebhookBatchSchema.safeParse(json);
    if (!parsed.success) {
      throw new HttpError(
        400,
        'request.invalid',
        'The webhook body is not a HubSpot event batch.',
        {
          issues: toIssues(parsed.error),
        },
      );
    }
    const events = parsed.data;
    const receivedAt = context.clock().toISOString();

    const outcome = await context.store.transaction(async () => {
      const fresh = await context.store.webhookEvents.recordManyIfNew(
        events.map((event) => ({ system: 'hubspot', eventId: event.eventId, payload: event })),
      );
      const ids = new Map<string, Set<string>>();
      let own = 0;
      for (const event of events) {
        if (!fresh.has(event.eventId)) continue;
        if (isOwnChange(event, appIds)) {
          own += 1;
          continue;
        }
        const object = event.subscriptionType.split('.')[0] ?? 'contact';
        addId(ids, object, event.objectId);
        if (event.primaryObjectId !== undefined) addId(ids, object, event.primaryObjectId);
        for (const merged of event.mergedObjectIds ?? []) addId(ids, object, merged);
      }
      const { enqueued } = await context.store.jobs.enqueue(recordJobs('hubspot', ids, receivedAt));
      return { fresh: fresh.size, own, jobs: enqueued.length };
    });

    const duplicates = events.length - outcome.fresh;
    webhookEvents.inc({ system: 'hubspot', outcome: 'queued' }, outcome.fresh - outcome.own);
    webhookEvents.inc({ system: 'hubspot', outcome: 'duplicate' }, duplicates);
    webhookEvents.inc({ system: 'hubspot', outcome: 'own_change' }, outcome.own);
    if (outcome.jobs > 0) context.onJobQueued();
    response.json({
      received: events.length,
      duplicates,
      ownChanges: outcome.own,
      jobsQueued: outcome.jobs,
    });
  };
}
