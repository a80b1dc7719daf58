import {
  CSV_TABLE_NAMES,
  CSV_TABLES,
  type Cell,
  type CsvTable,
  type CsvTableName,
} from './csv-tables.ts';
import type { Report } from './report.ts';

/**
 * RFC 4180 CSV. Text from the CRM (names, reasons) that starts like a formula is prefixed with
 * `'` so a spreadsheet shows it instead of running it (CSV injection).
 */
export function renderSectionCsv(report: Report, table: CsvTableName): string {
  return toCsv(CSV_TABLES[table](report));
}

/** Every table, each under a `# name` line, separated by a blank line (`--table` gives one). */
export function renderCsv(report: Report): string {
  return CSV_TABLE_NAMES.map((name) => `# ${name}\r\n${renderSectionCsv(report, name)}`).join(
    '\r\n',
  );
}

function toCsv(table: CsvTable): string {
  return [table.header, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
