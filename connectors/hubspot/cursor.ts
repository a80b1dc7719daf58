import { z } from 'zod';

/**
 * Where an incremental HubSpot read stands (DESIGN.md "Cursors"). One *scan* walks the records
 * changed since `since` in `hs_object_id` order (`hs_object_id GT afterId`, ≤200 a page), so it
 * never pages with `after` and never meets search's 10,000-result wall.
 *
 * When a scan ends, the next one starts at `maxSeen - overlap` with `afterId` 0: search lags
 * writes by seconds, so a change made just before `maxSeen` may not have been searchable yet.
 * `maxSeen` is the newest change time seen, but never later than the moment the scan began
 * (`scanStartedAt`, HubSpot's clock): a record with a small id changed *during* a scan is
 * behind `afterId` and only the next scan can see it, so that scan must start before it.
 * Once a scan began a whole overlap after `maxSeen`, every change up to `maxSeen` had been
 * searchable for it: the next starts at `maxSeen` itself, so a quiet portal costs one search
 * per object instead of re-reading the last burst's final 30 s at every cycle. The window
 * stays anchored on change times: the scan's clock only says whether the overlap is still
 * needed. Records seen twice are harmless: the engine compares values.
 */
const Instant = z.iso.datetime({ offset: true });

export const HubspotCursorSchema = z
  .object({
    /** Lower bound of this scan (`lastmodifieddate GTE`); null: every record. */
    since: Instant.nullable(),
    /** Last `hs_object_id` returned by this scan; "0" before its first page. */
    afterId: z.string().regex(/^\d+$/),
    /** Newest change time seen so far (capped at the scan's start); carried across scans. */
    maxSeen: Instant.nullable(),
    /** When the current scan's first page was answered; null between scans. */
    scanStartedAt: Instant.nullable(),
  })
  .strict();
export type HubspotCursor = z.infer<typeof HubspotCursorSchema>;

export const START_CURSOR: HubspotCursor = {
  since: null,
  afterId: '0',
  maxSeen: null,
  scanStartedAt: null,
};

/** An unreadable cursor (older format, hand-edited, corrupt) means a full resync, never a crash. */
export function parseCursor(raw: unknown): { cursor: HubspotCursor; resync: boolean } {
  if (raw === undefined || raw === null) return { cursor: START_CURSOR, resync: false };
  const parsed = HubspotCursorSchema.safeParse(raw);
  return parsed.success
    ? { cursor: parsed.data, resync: false }
    : { cursor: START_CURSOR, resync: true };
}

const later = (a: string | null, b: string): string =>
  a === null || Date.parse(b) > Date.parse(a) ? b : a;

export interface PageSeen {
  /** Change times (`updatedAt`) of the page's records. */
  readonly modifiedAt: readonly string[];
  readonly lastId: string | undefined;
  /** HubSpot's clock when it answered (the `Date` header), else the local one. */
  readonly answeredAt: string;
  readonly more: boolean;
}

/** The cursor after one page: within the scan while `more`, else the start of the next scan. */
export function advanceCursor(
  cursor: HubspotCursor,
  page: PageSeen,
  overlapMs: number,
): HubspotCursor {
  const scanStartedAt = cursor.scanStartedAt ?? page.answeredAt;
  let maxSeen = cursor.maxSeen;
  for (const modifiedAt of page.modifiedAt) {
    const capped = Date.parse(modifiedAt) > Date.parse(scanStartedAt) ? scanStartedAt : modifiedAt;
    maxSeen = later(maxSeen, capped);
  }
  if (page.more) {
    return { ...cursor, afterId: page.lastId ?? cursor.afterId, maxSeen, scanStartedAt };
  }
  if (maxSeen === null) return { since: cursor.since, afterId: '0', maxSeen, scanStartedAt: null };
  const settled = Date.parse(scanStartedAt) - Date.parse(maxSeen) >= overlapMs;
  const since = settled ? maxSeen : new Date(Date.parse(maxSeen) - overlapMs).toISOString();
  return { since, afterId: '0', maxSeen, scanStartedAt: null };
}
