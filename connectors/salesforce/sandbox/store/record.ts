/**
 * One stored record. Values are keyed by canonical field name: text, numbers and booleans as
 * they are, dateTimes as epoch milliseconds (whole seconds), dates as `YYYY-MM-DD`, references
 * as 18-character ids, null for empty. A deleted record stays (the recycle bin) with IsDeleted.
 */
export type Value = string | number | boolean | null;

export interface StoredRecord {
  readonly id: string;
  /** Canonical object name (`Lead`). */
  readonly type: string;
  readonly values: Record<string, Value>;
  deleted: boolean;
  /** SystemModstamp as the modstamp index last saw it. */
  indexedStamp: number;
}

export const stampOf = (record: StoredRecord): number => record.values.SystemModstamp as number;
