import type { Request } from 'express';
import { JOB_KINDS, type SyncRecordsPayload } from '../../jobs/job-kinds.ts';
import type { Clock } from '../../lead/clock.ts';
import type { Store } from '../../store/index.ts';

export interface WebhookSettings {
  /** HubSpot app client secret (`HUBSPOT_CLIENT_SECRET`); without it HubSpot webhooks are off. */
  readonly hubspotClientSecret?: string | undefined;
  /** leadloop's own HubSpot app id(s): events whose `sourceId` names one are its own writes. */
  readonly hubspotAppIds?: readonly string[] | undefined;
  /** Shared secret of the Salesforce Flow/Apex callout (`SALESFORCE_WEBHOOK_SECRET`). */
  readonly salesforceSecret?: string | undefined;
  /** The org whose Outbound Messages are accepted (`SALESFORCE_ORG_ID`). */
  readonly salesforceOrgId?: string | undefined;
  /** The public base URL vendors call (`LEADLOOP_PUBLIC_URL`), when behind a proxy. */
  readonly publicBaseUrl?: string | undefined;
}

export interface WebhookContext extends WebhookSettings {
  readonly store: Store;
  readonly clock: Clock;
  readonly onJobQueued: () => void;
}

/** The URL as the vendor called it: the public base URL if configured, else what we saw. */
export function calledUrl(request: Request, publicBaseUrl: string | undefined): string {
  if (publicBaseUrl !== undefined) return publicBaseUrl.replace(/\/+$/, '') + request.originalUrl;
  return `${request.protocol}://${request.get('host') ?? 'localhost'}${request.originalUrl}`;
}

/** Most ids one lead-scoped job carries (one vendor batch read). */
const IDS_PER_JOB = 100;

/** Lead-scoped sync jobs for the records a webhook named, grouped by object, in batches. */
export function recordJobs(
  system: SyncRecordsPayload['system'],
  idsByObject: ReadonlyMap<string, ReadonlySet<string>>,
  receivedAt: string,
) {
  const jobs: { kind: string; payload: SyncRecordsPayload; maxAttempts: number }[] = [];
  for (const [object, idSet] of idsByObject) {
    const ids = [...idSet];
    for (let start = 0; start < ids.length; start += IDS_PER_JOB) {
      jobs.push({
        kind: JOB_KINDS.syncRecords,
        payload: { system, object, ids: ids.slice(start, start + IDS_PER_JOB), receivedAt },
        maxAttempts: 5,
      });
    }
  }
  return jobs;
}

export function addId(map: Map<string, Set<string>>, object: string, id: string): void {
  const ids = map.get(object) ?? new Set<string>();
  ids.add(id);
  map.set(object, ids);
}
