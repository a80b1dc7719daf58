import { describe, expect, it } from '@jest/globals';
import {
  EMPTY_CURSOR,
  advanceCursor,
  dropSeen,
  modstampSecond,
  parseCursor,
} from '../../../connectors/salesforce/cursor.ts';

const A = '00Q000000000001AAA';
const B = '00Q000000000002AAA';
const C = '00Q000000000003AAA';

describe('the Salesforce modstamp cursor', () => {
  it('starts empty and reads an unreadable cursor as a full resync', () => {
    expect(parseCursor(undefined)).toEqual({ cursor: EMPTY_CURSOR, resync: false });
    expect(parseCursor({ modstamp: 'yesterday' })).toEqual({ cursor: EMPTY_CURSOR, resync: true });
    expect(parseCursor('2026-01-01')).toEqual({ cursor: EMPTY_CURSOR, resync: true });
    expect(
      parseCursor({ v: 1, modstamp: '2026-03-01T08:00:00Z', seenIdsAtModstamp: ["x' OR 1=1"] }),
    ).toEqual({ cursor: EMPTY_CURSOR, resync: true });
  });

  it('keeps the last second and every id seen in it', () => {
    const cursor = advanceCursor(
      EMPTY_CURSOR,
      [
        { id: A, modstamp: '2026-03-01T08:00:00.000+0000' },
        { id: B, modstamp: '2026-03-01T08:00:01.000+0000' },
        { id: C, modstamp: '2026-03-01T08:00:01.000+0000' },
      ],
      '/services/data/v62.0/query/01gXX-2000',
    );
    expect(cursor).toEqual({
      v: 1,
      modstamp: '2026-03-01T08:00:01Z',
      seenIdsAtModstamp: [B, C],
      nextRecordsUrl: '/services/data/v62.0/query/01gXX-2000',
    });
    expect(parseCursor(JSON.parse(JSON.stringify(cursor)))).toEqual({ cursor, resync: false });
  });

  it('carries seen ids over when the next page stays in the same second', () => {
    const first = advanceCursor(EMPTY_CURSOR, [{ id: A, modstamp: '2026-03-01T08:00:01Z' }], 'x');
    const second = advanceCursor(first, [{ id: B, modstamp: '2026-03-01T08:00:01Z' }], undefined);
    expect(second).toEqual({ v: 1, modstamp: '2026-03-01T08:00:01Z', seenIdsAtModstamp: [A, B] });
  });

  it('re-reads the last second but drops the pairs already seen, so a same-second write is not lost', () => {
    const cursor = advanceCursor(
      EMPTY_CURSOR,
      [{ id: B, modstamp: '2026-03-01T08:00:01Z' }],
      undefined,
    );
    // Next read (>= 08:00:01) returns B again and A, written later in that same second.
    const rows = [
      { id: A, modstamp: '2026-03-01T08:00:01.000+0000' },
      { id: B, modstamp: '2026-03-01T08:00:01.000+0000' },
      { id: C, modstamp: '2026-03-01T08:00:02.000+0000' },
    ];
    expect(dropSeen(cursor, rows).map((row) => row.id)).toEqual([A, C]);
  });

  it('reads B again once it changes in a later second', () => {
    const cursor = advanceCursor(
      EMPTY_CURSOR,
      [{ id: B, modstamp: '2026-03-01T08:00:01Z' }],
      undefined,
    );
    expect(dropSeen(cursor, [{ id: B, modstamp: '2026-03-01T08:00:05Z' }])).toHaveLength(1);
  });

  it('truncates millisecond modstamps to their second', () => {
    expect(modstampSecond('2026-03-01T08:00:01.999Z')).toBe('2026-03-01T08:00:01Z');
    expect(modstampSecond('2026-03-01T10:00:01.000+0200')).toBe('2026-03-01T08:00:01Z');
  });
});
