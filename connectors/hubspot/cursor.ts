import { z } from 'zod';

/**
 * Where an incremental HubSpot read stands (DESIGN.md "Cursors"). One *scan* walks the records
 * changed since `since` in `hs_object_id` order (`hs_object_id GT afterId`, ≤200 a page), so it
 * never pages with `after` and never meets search's 10,000-result wall.
 *
 * When a scan ends, the next one starts `overlap` before the moment this one began
 * (`scanStartedAt`, HubSpot's clock), with `afterId` 0: search lags writes by seconds, so a
 * change made just before the scan may not have been searchable yet, and a record with a small
 * id changed *during* the scan is behind `afterId`; any change older than that was searchable
 * when the scan began and was read. Anchoring on the scan rather than on the newest change seen
 * lets a quiet portal cost one search per object: a burst of changes is re-read by the scan
 * after it, not by every scan until something else changes. `maxSeen`, the newest change seen
 * (capped at the scan's start), says how fresh the mirror is. Records seen twice are harmless:
 * the engine compares values.
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
  const since = new Date(Date.parse(scanStartedAt) - overlapMs).toISOString();
  return { since, afterId: '0', maxSeen, scanStartedAt: null };
}
