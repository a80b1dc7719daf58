import type { Response } from 'express';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { webhookEvents } from '../metrics.ts';
import { addId, recordJobs, type WebhookContext } from './context.ts';

/**
 * Salesforce Outbound Messages (Workflow/Flow "Send Outbound Message"): a SOAP `notifications`
 * envelope naming the org and up to 100 records. They carry no signature, so the org id is
 * checked against `SALESFORCE_ORG_ID` (and the endpoint should sit behind TLS). Salesforce
 * keeps re-sending a message for 24 hours until it gets `<Ack>true</Ack>`, so notification ids
 * are remembered and a repeat is acknowledged without queueing the records twice.
 */
export const OUTBOUND_ACK = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Body>
    <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
      <Ack>true</Ack>
    </notificationsResponse>
  </soapenv:Body>
</soapenv:Envelope>
`;

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

const NotificationSchema = z.looseObject({
  Id: z.string().regex(SALESFORCE_ID),
  sObject: z.looseObject({
    /** `xsi:type="sf:Lead"`: the object, behind the enterprise-namespace prefix. */
    '@_type': z.string().regex(/^(?:\w+:)?\w+$/),
    Id: z.string().regex(SALESFORCE_ID),
  }),
});

const OutboundMessageSchema = z.looseObject({
  Envelope: z.looseObject({
    Body: z.looseObject({
      notifications: z.looseObject({
        OrganizationId: z.string().regex(SALESFORCE_ID),
        Notification: z.union([NotificationSchema, z.array(NotificationSchema).min(1).max(100)]),
      }),
    }),
  }),
});

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are not needed in ids; not expanding them rules out entity-expansion tricks.
  processEntities: false,
});

function soapFault(response: Response, status: number, code: string, message: string): void {
  response
    .status(status)
    .type('text/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Body>
    <soapenv:Fault>
      <faultcode>soapenv:Client</faultcode>
      <faultstring>${code}: ${message}</faultstring>
    </soapenv:Fault>
  </soapenv:Body>
</soapenv:Envelope>
`,
    );
}

/** Org ids compare on their 15-character, case-sensitive form. */
const sameOrg = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15);

export async function handleOutboundMessage(
  context: WebhookContext,
  body: string,
  response: Response,
): Promise<void> {
  const expectedOrg = context.salesforceOrgId;
  if (expectedOrg === undefined) {
    soapFault(
      response,
      503,
      'webhook.disabled',
      'Set SALESFORCE_ORG_ID to accept Outbound Messages.',
    );
    return;
  }
  if (XMLValidator.validate(body) !== true) {
    soapFault(response, 400, 'request.malformed', 'The body is not well-formed XML.');
    return;
  }
  const parsed = OutboundMessageSchema.safeParse(parser.parse(body));
  if (!parsed.success) {
    soapFault(response, 400, 'request.invalid', 'The body is not an Outbound Message.');
    return;
  }
  const message = parsed.data.Envelope.Body.notifications;
  if (!sameOrg(message.OrganizationId, expectedOrg)) {
    soapFault(response, 403, 'webhook.wrong_org', 'The message comes from another org.');
    return;
  }
  const notifications = Array.isArray(message.Notification)
    ? message.Notification
    : [message.Notification];

  const queued = await context.store.transaction(async () => {
    const fresh = await context.store.webhookEvents.recordManyIfNew(
      notifications.map((n) => ({
        system: 'salesforce',
        eventId: `outbound:${n.Id}`,
        payload: { id: n.Id, object: n.sObject['@_type'], recordId: n.sObject.Id },
      })),
    );
    const ids = new Map<string, Set<string>>();
    for (const n of notifications) {
      if (!fresh.has(`outbound:${n.Id}`)) continue;
      addId(ids, n.sObject['@_type'].replace(/^\w+:/, ''), n.sObject.Id);
    }
    const jobs = recordJobs('salesforce', ids, context.clock().toISOString());
    const { enqueued } = await context.store.jobs.enqueue(jobs);
    return { fresh: fresh.size, jobs: enqueued.length };
  });
  webhookEvents.inc({ system: 'salesforce', outcome: 'queued' }, queued.fresh);
  webhookEvents.inc(
    { system: 'salesforce', outcome: 'duplicate' },
    notifications.length - queued.fresh,
  );
  if (queued.jobs > 0) context.onJobQueued();
  response.status(200).type('text/xml').send(OUTBOUND_ACK);
}
