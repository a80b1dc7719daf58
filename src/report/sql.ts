import { z } from 'zod';
import { FUNNEL_STAGES } from '../lead/stages.ts';

/**
 * SQL shared by the report sections. Every section runs one parameterised query on PGlite and
 * PostgreSQL alike; `$1`/`$2` are the period `[since, until)`, `$3` is `now` where it matters.
 */

/** The funnel as a relation `(stage, rank)`; the stage names are code constants, not input. */
export const FUNNEL_SQL = `(VALUES ${FUNNEL_STAGES.map((stage, i) => `('${stage}', ${i + 1})`).join(', ')}) AS funnel(stage, rank)`;

/** The funnel stages after the one of rank `rank` (1-based), as a text[] (served by an index probe). */
export const LATER_STAGES_SQL = (rank: string): string =>
  `(ARRAY[${FUNNEL_STAGES.map((stage) => `'${stage}'`).join(', ')}]::text[])[(${rank}) + 1:]`;

/** A lead field as a group label: blank and missing both read `(none)`. */
export const NONE = '(none)';
export const fieldLabel = (alias: string, field: 'leadSource' | 'campaign'): string =>
  `coalesce(nullif(btrim(${alias}.fields ->> '${field}'), ''), '${NONE}')`;

/** Seconds between two timestamptz expressions, as float8 (percentile_cont wants a double). */
export const seconds = (to: string, from: string): string =>
  `extract(epoch FROM (${to}) - (${from}))::float8`;

/** count(*) and sums: a string on `pg`, a number on PGlite. */
export const countColumn = z
  .union([z.number(), z.string(), z.bigint()])
  .transform((value) => Number(value))
  .pipe(z.number().int().nonnegative());

/** float8 / numeric that may be NULL (a percentile of no rows). */
export const nullableNumber = z
  .union([z.number(), z.string()])
  .nullable()
  .transform((value) => (value === null ? null : Number(value)));

export const HOUR_S = 3600;
/** Seconds to hours, or null. */
export const hours = (value: number | null): number | null =>
  value === null ? null : value / HOUR_S;

/** Which GROUPING SETS row this is, from `grouping(...)` bits computed in SQL. */
export const DimensionSchema = z.enum(['all', 'leadSource', 'campaign']);
export type Dimension = z.infer<typeof DimensionSchema>;
export const DIMENSION_SQL = (source: string, campaign: string): string =>
  `CASE WHEN grouping(${source}) = 0 THEN 'leadSource'
        WHEN grouping(${campaign}) = 0 THEN 'campaign' ELSE 'all' END`;

/**
 * The rep behind an SLA clock `c` of lead `l`: the Salesforce user's name (vendor_users, kept by
 * the sync), else the name on the lead's owner when it is the same user.
 */
export const OWNER_JOIN_SQL = `LEFT JOIN vendor_users u ON u.system = 'salesforce' AND u.id = c.owner_id`;
export const OWNER_NAME_SQL = `coalesce(u.name,
  CASE WHEN l.owner ->> 'salesforceUserId' = c.owner_id THEN l.owner ->> 'name' END)`;
