import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Where an incremental read of one object stands (DESIGN.md "Cursors"). SystemModstamp has
 * second precision, so the next read asks for `SystemModstamp >= modstamp` (the last second
 * again) and drops the rows of that second already seen. A row counts as seen only with the
 * same content: a record written again later in that same second (a rep's edit right after
 * leadloop's write) keeps its modstamp but not its values, so it is read again, not lost.
 * `nextRecordsUrl` continues the query in progress; when Salesforce has expired it (about
 * 15 minutes), the modstamp part alone restarts the read.
 */
const SECOND = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .nullable();
const RECORD_ID = /^[A-Za-z0-9]{15,18}$/;

/** Format 1 kept ids only; such a cursor still reads (an id seen counts whatever its content). */
const CursorV1Schema = z
  .object({
    v: z.literal(1),
    modstamp: SECOND,
    seenIdsAtModstamp: z.array(z.string().regex(RECORD_ID)),
    nextRecordsUrl: z.string().startsWith('/services/data/').optional(),
  })
  .strict();

export const SalesforceCursorSchema = z
  .object({
    v: z.literal(2),
    /** Last second read, `YYYY-MM-DDTHH:MM:SSZ`; null until a record has been seen. */
    modstamp: SECOND,
    /**
     * `Id:digest` of each row read in that second; the digest covers the fields read. A bare
     * `Id` (carried over from a format-1 cursor) matches that record whatever it says.
     */
    seenAtModstamp: z.array(z.string().regex(/^[A-Za-z0-9]{15,18}(:[0-9a-f]{16})?$/)),
    nextRecordsUrl: z.string().startsWith('/services/data/').optional(),
  })
  .strict();
export type SalesforceCursor = z.infer<typeof SalesforceCursorSchema>;

export const EMPTY_CURSOR: SalesforceCursor = { v: 2, modstamp: null, seenAtModstamp: [] };

/** An unreadable cursor (unknown format, hand-edited, corrupt) means a full resync, never a crash. */
export function parseCursor(raw: unknown): { cursor: SalesforceCursor; resync: boolean } {
  if (raw === undefined || raw === null) return { cursor: EMPTY_CURSOR, resync: false };
  const parsed = SalesforceCursorSchema.safeParse(raw);
  if (parsed.success) return { cursor: parsed.data, resync: false };
  const older = CursorV1Schema.safeParse(raw);
  if (older.success) {
    const { seenIdsAtModstamp, ...rest } = older.data;
    return { cursor: { ...rest, v: 2, seenAtModstamp: seenIdsAtModstamp }, resync: false };
  }
  return { cursor: EMPTY_CURSOR, resync: true };
}

/** The second a modstamp falls in, as the cursor stores it. */
export function modstampSecond(modstamp: string): string {
  const at = new Date(modstamp);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not a SystemModstamp: ${modstamp}`);
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface StampedRow {
  readonly id: string;
  readonly modstamp: string;
  /** What the row says, from `contentDigest`. */
  readonly digest: string;
}

/** A short, stable digest of a row's values (key order does not matter). */
export function contentDigest(values: Readonly<Record<string, unknown>>): string {
  const sorted = Object.keys(values)
    .sort()
    .map((key) => [key, values[key]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

/** Rows of the cursor's own second that an earlier read already returned with the same content. */
export function dropSeen<T extends StampedRow>(cursor: SalesforceCursor, rows: readonly T[]): T[] {
  if (cursor.modstamp === null || cursor.seenAtModstamp.length === 0) return [...rows];
  const seen = new Set(cursor.seenAtModstamp);
  return rows.filter(
    (row) =>
      modstampSecond(row.modstamp) !== cursor.modstamp ||
      !(seen.has(`${row.id}:${row.digest}`) || seen.has(row.id)),
  );
}

/**
 * The cursor after a page. Rows arrive ordered by SystemModstamp, Id; the new modstamp is the
 * latest second seen, and the seen rows are every row of that second (carried over when the
 * second did not change).
 */
export function advanceCursor(
  cursor: SalesforceCursor,
  rows: readonly StampedRow[],
  nextRecordsUrl: string | undefined,
): SalesforceCursor {
  let modstamp = cursor.modstamp;
  let seen = new Set(cursor.seenAtModstamp);
  for (const row of rows) {
    const second = modstampSecond(row.modstamp);
    if (modstamp === null || second > modstamp) {
      modstamp = second;
      seen = new Set();
    }
    if (second === modstamp) seen.add(`${row.id}:${row.digest}`);
  }
  return {
    v: 2,
    modstamp,
    seenAtModstamp: [...seen],
    ...(nextRecordsUrl === undefined ? {} : { nextRecordsUrl }),
  };
}
