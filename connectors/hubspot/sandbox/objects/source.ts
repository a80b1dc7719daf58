import type { ObjectTypeName } from '../config.ts';
import type { CrmRecord } from '../store/record.ts';

/**
 * Who made a change. HubSpot records it in property history (`sourceType`, `sourceId`,
 * `updatedByUserId`) and in webhook events (`changeSource`, `sourceId`); leadloop uses it to
 * recognise its own writes when they come back.
 */
export interface WriteSource {
  readonly sourceType: string;
  readonly sourceId?: string;
  readonly updatedByUserId?: number;
  readonly changeSource: string;
  /** API writes obey the forward-only lifecycle rule and cannot set read-only properties. */
  readonly viaApi: boolean;
}

const apiSources = new Map<number, WriteSource>();

/** A private app's write: history says INTEGRATION with the app id as source id. */
export function apiSource(appId: number): WriteSource {
  let source = apiSources.get(appId);
  if (source === undefined) {
    source = {
      sourceType: 'INTEGRATION',
      sourceId: String(appId),
      changeSource: 'INTEGRATION',
      viaApi: true,
    };
    apiSources.set(appId, source);
  }
  return source;
}

/** A marketer editing the record in HubSpot. */
export const uiSource = (userId: number): WriteSource => ({
  sourceType: 'CRM_UI',
  sourceId: `userId:${userId}`,
  updatedByUserId: userId,
  changeSource: 'CRM_UI',
  viaApi: false,
});

/** HubSpot's own processes (analytics, scoring, forms) that update engagement properties. */
export const systemSource = (sourceType: string): WriteSource => ({
  sourceType,
  changeSource: sourceType,
  viaApi: false,
});

/** What the webhook dispatcher hears about record changes. */
export interface RecordEvents {
  created(type: ObjectTypeName, record: CrmRecord, source: WriteSource, at: number): void;
  propertyChanged(
    type: ObjectTypeName,
    record: CrmRecord,
    name: string,
    value: string,
    source: WriteSource,
    at: number,
  ): void;
  deleted(type: ObjectTypeName, record: CrmRecord, source: WriteSource, at: number): void;
  merged(
    type: ObjectTypeName,
    survivor: CrmRecord,
    mergedId: number,
    movedProperties: number,
    source: WriteSource,
    at: number,
  ): void;
}

export const silentEvents: RecordEvents = {
  created: () => undefined,
  propertyChanged: () => undefined,
  deleted: () => undefined,
  merged: () => undefined,
};
