import { z } from 'zod';

/**
 * Where an incremental read of one object stands (DESIGN.md "Cursors"). SystemModstamp has
 * second precision, so the next read asks for `SystemModstamp >= modstamp` (the last second
 * again) and drops the `(modstamp, Id)` pairs already seen; a record written later in that
 * same second is therefore not lost. `nextRecordsUrl` continues the query in progress; when
 * Salesforce has expired it (about 15 minutes), the modstamp part alone restarts the read.
 */
export const SalesforceCursorSchema = z
  .object({
    v: z.literal(1),
    /** Last second read, `YYYY-MM-DDTHH:MM:SSZ`; null until a record has been seen. */
    modstamp: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      .nullable(),
    seenIdsAtModstamp: z.array(z.string().regex(/^[A-Za-z0-9]{15,18}$/)),
    nextRecordsUrl: z.string().startsWith('/services/data/').optional(),
  })
  .strict();
export type SalesforceCursor = z.infer<typeof SalesforceCursorSchema>;

export const EMPTY_CURSOR: SalesforceCursor = { v: 1, modstamp: null, seenIdsAtModstamp: [] };

/** An unreadable cursor (older format, hand-edited, corrupt) means a full resync, never a crash. */
export function parseCursor(raw: unknown): { cursor: SalesforceCursor; resync: boolean } {
  if (raw === undefined || raw === null) return { cursor: EMPTY_CURSOR, resync: false };
  const parsed = SalesforceCursorSchema.safeParse(raw);
  return parsed.success
    ? { cursor: parsed.data, resync: false }
    : { cursor: EMPTY_CURSOR, resync: true };
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
}

/** Rows of the cursor's own second that an earlier page already returned. */
export function dropSeen<T extends StampedRow>(cursor: SalesforceCursor, rows: readonly T[]): T[] {
  if (cursor.modstamp === null || cursor.seenIdsAtModstamp.length === 0) return [...rows];
  const seen = new Set(cursor.seenIdsAtModstamp);
  return rows.filter(
    (row) => !(modstampSecond(row.modstamp) === cursor.modstamp && seen.has(row.id)),
  );
}

/**
 * The cursor after a page. Rows arrive ordered by SystemModstamp, Id; the new modstamp is the
 * latest second seen, and the seen ids are every id of that second (carried over when the
 * second did not change).
 */
export function advanceCursor(
  cursor: SalesforceCursor,
  rows: readonly StampedRow[],
  nextRecordsUrl: string | undefined,
): SalesforceCursor {
  let modstamp = cursor.modstamp;
  let seen = new Set(cursor.seenIdsAtModstamp);
  for (const row of rows) {
    const second = modstampSecond(row.modstamp);
    if (modstamp === null || second > modstamp) {
      modstamp = second;
      seen = new Set();
    }
    if (second === modstamp) seen.add(row.id);
  }
  return {
    v: 1,
    modstamp,
    seenIdsAtModstamp: [...seen],
    ...(nextRecordsUrl === undefined ? {} : { nextRecordsUrl }),
  };
}
