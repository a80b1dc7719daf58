import { describe, expect, it } from '@jest/globals';
import {
  EMPTY_CURSOR,
  advanceCursor,
  contentDigest,
  dropSeen,
  modstampSecond,
  parseCursor,
} from '../../../connectors/salesforce/cursor.ts';

const A = '00Q000000000001AAA';
const B = '00Q000000000002AAA';
const C = '00Q000000000003AAA';
const digestOf = (id: string) => contentDigest({ Id: id, LastName: `Lead ${id.slice(-4)}` });
const row = (id: string, modstamp: string) => ({ id, modstamp, digest: digestOf(id) });

describe('the Salesforce modstamp cursor', () => {
  it('starts empty and reads an unreadable cursor as a full resync', () => {
    expect(parseCursor(undefined)).toEqual({ cursor: EMPTY_CURSOR, resync: false });
    expect(parseCursor({ modstamp: 'yesterday' })).toEqual({ cursor: EMPTY_CURSOR, resync: true });
    expect(parseCursor('2026-01-01')).toEqual({ cursor: EMPTY_CURSOR, resync: true });
    expect(
      parseCursor({ v: 1, modstamp: '2026-03-01T08:00:00Z', seenIdsAtModstamp: ["x' OR 1=1"] }),
    ).toEqual({ cursor: EMPTY_CURSOR, resync: true });
  });

  it('keeps the last second and every row seen in it, with what the row said', () => {
    const cursor = advanceCursor(
      EMPTY_CURSOR,
      [
        row(A, '2026-03-01T08:00:00.000+0000'),
        row(B, '2026-03-01T08:00:01.000+0000'),
        row(C, '2026-03-01T08:00:01.000+0000'),
      ],
      '/services/data/v62.0/query/01gXX-2000',
    );
    expect(cursor).toEqual({
      v: 2,
      modstamp: '2026-03-01T08:00:01Z',
      seenAtModstamp: [`${B}:${digestOf(B)}`, `${C}:${digestOf(C)}`],
      nextRecordsUrl: '/services/data/v62.0/query/01gXX-2000',
    });
    expect(parseCursor(JSON.parse(JSON.stringify(cursor)))).toEqual({ cursor, resync: false });
  });

  it('carries seen ids over when the next page stays in the same second', () => {
    const first = advanceCursor(EMPTY_CURSOR, [row(A, '2026-03-01T08:00:01Z')], 'x');
    const second = advanceCursor(first, [row(B, '2026-03-01T08:00:01Z')], undefined);
    expect(second).toEqual({
      v: 2,
      modstamp: '2026-03-01T08:00:01Z',
      seenAtModstamp: [`${A}:${digestOf(A)}`, `${B}:${digestOf(B)}`],
    });
  });

  it('re-reads the last second but drops the pairs already seen, so a same-second write is not lost', () => {
    const cursor = advanceCursor(EMPTY_CURSOR, [row(B, '2026-03-01T08:00:01Z')], undefined);
    // Next read (>= 08:00:01) returns B again and A, written later in that same second.
    const rows = [
      row(A, '2026-03-01T08:00:01.000+0000'),
      row(B, '2026-03-01T08:00:01.000+0000'),
      row(C, '2026-03-01T08:00:02.000+0000'),
    ];
    expect(dropSeen(cursor, rows).map((row) => row.id)).toEqual([A, C]);
  });

  it('reads B again once it changes in a later second', () => {
    const cursor = advanceCursor(EMPTY_CURSOR, [row(B, '2026-03-01T08:00:01Z')], undefined);
    expect(dropSeen(cursor, [row(B, '2026-03-01T08:00:05Z')])).toHaveLength(1);
  });

  it('reads B again when it was written again within the same second (a rep right after leadloop)', () => {
    const cursor = advanceCursor(EMPTY_CURSOR, [row(B, '2026-03-01T08:00:01Z')], undefined);
    const edited = {
      id: B,
      modstamp: '2026-03-01T08:00:01Z',
      digest: contentDigest({ Phone: '+1 415 555 0142' }),
    };
    expect(dropSeen(cursor, [edited])).toEqual([edited]);
    expect(advanceCursor(cursor, [edited], undefined).seenAtModstamp).toHaveLength(2);
  });

  it('reads a format-1 cursor (ids only): those ids count as seen whatever they say', () => {
    const { cursor, resync } = parseCursor({
      v: 1,
      modstamp: '2026-03-01T08:00:01Z',
      seenIdsAtModstamp: [B],
    });
    expect(resync).toBe(false);
    expect(
      dropSeen(cursor, [row(A, '2026-03-01T08:00:01Z'), row(B, '2026-03-01T08:00:01Z')]),
    ).toEqual([row(A, '2026-03-01T08:00:01Z')]);
    const next = advanceCursor(cursor, [row(A, '2026-03-01T08:00:01Z')], undefined);
    expect(parseCursor(JSON.parse(JSON.stringify(next)))).toEqual({ cursor: next, resync: false });
  });

  it('digests values, not the order of their keys', () => {
    expect(contentDigest({ a: 1, b: 'x' })).toBe(contentDigest({ b: 'x', a: 1 }));
    expect(contentDigest({ a: 1, b: 'x' })).not.toBe(contentDigest({ a: 1, b: 'y' }));
  });

  it('truncates millisecond modstamps to their second', () => {
    expect(modstampSecond('2026-03-01T08:00:01.999Z')).toBe('2026-03-01T08:00:01Z');
    expect(modstampSecond('2026-03-01T10:00:01.000+0200')).toBe('2026-03-01T08:00:01Z');
  });
});
