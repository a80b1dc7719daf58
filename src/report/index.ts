import type { Clock } from '../lead/clock.ts';
import type { Queryable } from '../store/database.ts';
import { resolveRange, type RangeInput } from './range.ts';
import { buildReport, type Report } from './report.ts';

/**
 * The pipeline review (issue 9): `buildReport` computes it from the store, the renderers
 * print it, and the dashboard serves it.
 */
export { buildReport, REPORT_SECTIONS, ReportSchema } from './report.ts';
export type { Report, ReportSection } from './report.ts';
export { DEFAULT_PERIOD_DAYS, ReportRangeError, ReportRangeSchema, resolveRange } from './range.ts';
export type { RangeInput, ReportRange } from './range.ts';
export { renderCsv, renderSectionCsv } from './render-csv.ts';
export { CSV_TABLE_NAMES, CSV_TABLES, type CsvTable, type CsvTableName } from './csv-tables.ts';
export { renderText } from './render-text.ts';

/** What the dashboard needs: the report for a range the user typed, at the clock's now. */
export type ReportProvider = (range: RangeInput) => Promise<Report>;

export function reportProvider(store: { readonly db: Queryable }, clock: Clock): ReportProvider {
  return (range) => buildReport(store, resolveRange(range, clock()));
}
