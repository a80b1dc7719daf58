import { z } from 'zod';
import type { Clock } from '../lead/clock.ts';
import type { Database } from './database.ts';
import { StoreError } from './errors.ts';

/**
 * Rows are parsed with zod where they leave the database, jsonb included. The two drivers
 * differ in small ways this smooths over: `pg` returns int8 and counts as strings, PGlite as
 * numbers; both return timestamptz as Date (leadloop speaks ISO-8601 UTC strings).
 */
export const timestampColumn = z
  .union([z.date(), z.string()])
  .transform((value) => new Date(value).toISOString());
export const nullableTimestampColumn = timestampColumn.nullable();

/** int8 / count(*): a string on `pg`, a number on PGlite. */
export const int8Column = z
  .union([z.number(), z.string(), z.bigint()])
  .transform((value) => Number(value))
  .pipe(z.number().int());

/** numeric: a string on both drivers. */
export const numericColumn = z
  .union([z.number(), z.string()])
  .transform((value) => Number(value))
  .pipe(z.number());

export function parseRows<S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
  table: string,
): z.output<S>[] {
  return rows.map((row) => parseRow(schema, row, table));
}

export function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string): z.output<S> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new StoreError('store.invalid_row', `A row of ${table} does not match its schema.`, {
    hint: 'The row was edited outside leadloop or written by a newer version; fix the row or upgrade leadloop.',
    details: { table, issues },
  });
}

/** A row that must exist (INSERT … RETURNING, UPDATE of a row just locked). */
export function onlyRow<T>(rows: readonly T[], what: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`${what} returned no row`);
  return row;
}

/** JSON for a `$n::jsonb` parameter. Always stringified: `pg` would send a JS array as a SQL array. */
export const json = (value: unknown): string => JSON.stringify(value ?? null);

/** Like `json`, but SQL NULL for null/undefined (nullable jsonb columns). */
export const jsonOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/** What every repository is built from: the database and the clock (`LEADLOOP_NOW`-aware). */
export interface RepoContext {
  readonly db: Database;
  readonly clock: Clock;
}

/** The clock's time as an ISO string, for `$n::timestamptz`. */
export const nowIso = (clock: Clock): string => clock().toISOString();
