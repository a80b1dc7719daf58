import express, { Router } from 'express';
import { notFound } from '../http-error.ts';
import type { WebhookContext } from './context.ts';
import { hubspotWebhook } from './hubspot-webhook.ts';
import { salesforceWebhook } from './salesforce-webhook.ts';

/**
 * `/webhooks/*`: vendor deliveries. Bodies are kept raw (signatures are computed over the
 * exact bytes) and capped: HubSpot sends at most 100 events, Salesforce 100 notifications.
 */
export function webhooksRouter(
  context: WebhookContext,
  bodyLimit: string | number = '1mb',
): Router {
  const router = Router();
  router.use(express.raw({ type: () => true, limit: bodyLimit }));
  router.post('/hubspot', hubspotWebhook(context));
  router.post('/salesforce', salesforceWebhook(context));
  router.use(() => {
    throw notFound();
  });
  return router;
}
