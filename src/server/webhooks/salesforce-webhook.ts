import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { HttpError, toIssues } from '../http-error.ts';
import { webhookEvents } from '../metrics.ts';
import { addId, recordJobs, type WebhookContext } from './context.ts';
import { handleOutboundMessage } from './salesforce-outbound.ts';

/**
 * `POST /webhooks/salesforce` takes two shapes:
 * - an Outbound Message (SOAP XML, `text/xml`): see salesforce-outbound.ts;
 * - a Flow/Apex HTTP callout (JSON) naming changed records, signed with the shared secret
 *   `SALESFORCE_WEBHOOK_SECRET`: `X-LeadLoop-Timestamp` (ms since epoch) and
 *   `X-LeadLoop-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`.
 *   In Apex: `EncodingUtil.convertToHex(Crypto.generateMac('hmacSHA256',
 *   Blob.valueOf(ts + '.' + body), Blob.valueOf(secret)))`. Like HubSpot's, a signature
 *   older than 5 minutes is refused, and an `eventId` is processed once.
 */
export const CALLOUT_MAX_AGE_MS = 5 * 60_000;

export const SalesforceCalloutSchema = z.strictObject({
  /** Optional delivery id; a retried delivery with the same id is queued once. */
  eventId: z.string().min(1).max(100).optional(),
  /** The object the Flow runs on: `Lead`, `Contact`, `Opportunity`, `Task`, `Event`, … */
  object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/),
  ids: z
    .array(z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/))
    .min(1)
    .max(200),
});

export function salesforceCalloutSignature(
  secret: string,
  timestamp: string,
  body: Buffer,
): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
}

function verifyCallout(
  secret: string,
  header: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  nowMs: number,
): 'valid' | 'missing' | 'stale' | 'invalid' {
  if (header === undefined || timestamp === undefined) return 'missing';
  if (!/^\d{1,16}$/.test(timestamp)) return 'invalid';
  if (Math.abs(nowMs - Number(timestamp)) > CALLOUT_MAX_AGE_MS) return 'stale';
  const hex = header.replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return 'invalid';
  const expected = Buffer.from(salesforceCalloutSignature(secret, timestamp, body), 'hex');
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected) ? 'valid' : 'invalid';
}

export function salesforceWebhook(context: WebhookContext): RequestHandler {
  return async (request, response) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (request.is(['text/xml', 'application/xml', 'application/soap+xml'])) {
      await handleOutboundMessage(context, body.toString('utf8'), response);
      return;
    }
    const secret = context.salesforceSecret;
    if (secret === undefined) {
      throw new HttpError(503, 'webhook.disabled', 'Salesforce callouts are not configured.', {
        hint: 'Set SALESFORCE_WEBHOOK_SECRET (and the same secret in the Flow/Apex callout).',
      });
    }
    const verdict = verifyCallout(
      secret,
      request.get('x-leadloop-signature'),
      request.get('x-leadloop-timestamp'),
      body,
      context.clock().getTime(),
    );
    if (verdict !== 'valid') {
      throw new HttpError(
        401,
        `webhook.signature_${verdict}`,
        'The callout signature does not verify.',
        {
          hint: 'Sign timestamp + "." + body with SALESFORCE_WEBHOOK_SECRET (see the docs).',
        },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'request.malformed', 'The callout body is not valid JSON.');
    }
    const parsed = SalesforceCalloutSchema.safeParse(json);
    if (!parsed.success) {
      throw new HttpError(400, 'request.invalid', 'The callout body is not valid.', {
        issues: toIssues(parsed.error),
      });
    }
    const callout = parsed.data;
    const jobs = await context.store.transaction(async () => {
      if (callout.eventId !== undefined) {
        const fresh = await context.store.webhookEvents.recordIfNew({
          system: 'salesforce',
          eventId: `callout:${callout.eventId}`,
          payload: callout,
        });
        if (!fresh) return undefined;
      }
      const ids = new Map<string, Set<string>>();
      for (const id of callout.ids) addId(ids, callout.object, id);
      const { enqueued } = await context.store.jobs.enqueue(
        recordJobs('salesforce', ids, context.clock().toISOString()),
      );
      return enqueued.length;
    });
    webhookEvents.inc({
      system: 'salesforce',
      outcome: jobs === undefined ? 'duplicate' : 'queued',
    });
    if (jobs !== undefined && jobs > 0) context.onJobQueued();
    response.status(202).json({ duplicate: jobs === undefined, jobsQueued: jobs ?? 0 });
  };
}
