import { describe, expect, it } from '@jest/globals';
import {
  advanceCursor,
  HubspotCursorSchema,
  parseCursor,
  START_CURSOR,
  type HubspotCursor,
} from '../../../connectors/hubspot/cursor.ts';

const OVERLAP = 30_000;
const inScan: HubspotCursor = {
  since: '2026-11-23T09:00:00.000Z',
  afterId: '90113',
  maxSeen: '2026-11-23T09:40:02.510Z',
  scanStartedAt: '2026-11-23T10:00:00.000Z',
};

describe('HubSpot cursor', () => {
  it.each([
    ['a string', 'page-3'],
    ['a number', 42],
    ['an array', ['87301']],
    ['a Salesforce cursor', { v: 1, modstamp: '2026-11-23T09:00:00Z', seenIdsAtModstamp: [] }],
    ['a non-numeric id', { ...inScan, afterId: 'abc' }],
    ['a date that is not ISO', { ...inScan, since: 'yesterday' }],
    ['a missing key', { since: null, afterId: '0', maxSeen: null }],
    ['an extra key', { ...inScan, after: '200' }],
  ])('rejects %s: full resync from the beginning', (_what, raw) => {
    expect(HubspotCursorSchema.safeParse(raw).success).toBe(false);
    expect(parseCursor(raw)).toEqual({ cursor: START_CURSOR, resync: true });
  });

  it('no cursor is a first read, not a resync', () => {
    expect(parseCursor(undefined)).toEqual({ cursor: START_CURSOR, resync: false });
    expect(parseCursor(inScan)).toEqual({ cursor: inScan, resync: false });
  });

  it('within a scan only afterId and maxSeen move', () => {
    const next = advanceCursor(
      inScan,
      {
        modifiedAt: ['2026-11-23T09:05:31.000Z', '2026-11-23T09:58:59.999Z'],
        lastId: '90551',
        answeredAt: '2026-11-23T10:00:03.000Z',
        more: true,
      },
      OVERLAP,
    );
    expect(next).toEqual({ ...inScan, afterId: '90551', maxSeen: '2026-11-23T09:58:59.999Z' });
  });

  it('a scan ends right after a change: the next starts at maxSeen minus the overlap, from id 0', () => {
    const next = advanceCursor(
      { ...inScan, scanStartedAt: '2026-11-23T09:40:10.000Z' },
      { modifiedAt: [], lastId: undefined, answeredAt: '2026-11-23T09:40:11.000Z', more: false },
      OVERLAP,
    );
    expect(next).toEqual({
      since: '2026-11-23T09:39:32.510Z',
      afterId: '0',
      maxSeen: '2026-11-23T09:40:02.510Z',
      scanStartedAt: null,
    });
  });

  it('a scan that began a whole overlap after the newest change needs no overlap after it', () => {
    // The scan began at 10:00:00, twenty minutes after 09:40:02.510: all of it was searchable.
    const next = advanceCursor(
      inScan,
      { modifiedAt: [], lastId: undefined, answeredAt: '2026-11-23T10:00:05.000Z', more: false },
      OVERLAP,
    );
    expect(next).toEqual({
      since: '2026-11-23T09:40:02.510Z',
      afterId: '0',
      maxSeen: '2026-11-23T09:40:02.510Z',
      scanStartedAt: null,
    });
  });

  it('a change made during the scan never moves maxSeen past the scan start', () => {
    // Contact 91002 changed at 10:00:07, after the scan began at 10:00:00: a contact with a
    // smaller id changed at 10:00:02 is behind afterId, so the next scan must reach back to it.
    const next = advanceCursor(
      inScan,
      {
        modifiedAt: ['2026-11-23T10:00:07.000Z'],
        lastId: '91002',
        answeredAt: '2026-11-23T10:00:08.000Z',
        more: false,
      },
      OVERLAP,
    );
    expect(next.maxSeen).toBe('2026-11-23T10:00:00.000Z');
    expect(next.since).toBe('2026-11-23T09:59:30.000Z');
    expect(Date.parse(next.since!)).toBeLessThan(Date.parse('2026-11-23T10:00:02.000Z'));
  });

  it('a burst is re-read by the scan after it, then quiet scans read nothing old', () => {
    // 10:00:00 a scan begins right after leadloop wrote 300 contacts (09:59:40–09:59:58).
    const burstSeen = advanceCursor(
      inScan,
      {
        modifiedAt: ['2026-11-23T09:59:40.000Z', '2026-11-23T09:59:58.000Z'],
        lastId: '91300',
        answeredAt: '2026-11-23T10:00:01.000Z',
        more: false,
      },
      OVERLAP,
    );
    // The next scan reaches back over the burst: some of it may not have been searchable yet.
    expect(burstSeen.since).toBe('2026-11-23T09:59:28.000Z');
    // Five minutes later that scan re-reads the burst once...
    const reread = advanceCursor(
      { ...burstSeen, scanStartedAt: '2026-11-23T10:05:00.000Z' },
      {
        modifiedAt: ['2026-11-23T09:59:40.000Z', '2026-11-23T09:59:58.000Z'],
        lastId: '91300',
        answeredAt: '2026-11-23T10:05:00.000Z',
        more: false,
      },
      OVERLAP,
    );
    // ...and the ones after it start at the burst's last change: one search, nothing old.
    expect(reread.since).toBe('2026-11-23T09:59:58.000Z');
    const quiet = advanceCursor(
      { ...reread, scanStartedAt: '2026-11-23T10:10:00.000Z' },
      {
        modifiedAt: ['2026-11-23T09:59:58.000Z'],
        lastId: '91300',
        answeredAt: '2026-11-23T10:10:00.000Z',
        more: false,
      },
      OVERLAP,
    );
    expect(quiet).toEqual(reread);
  });
});
