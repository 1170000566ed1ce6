import { stringify } from 'csv-stringify/sync';

/**
 * CSV as RFC 4180 has it (CRLF line ends, fields with a comma, quote or line break quoted, quotes
 * doubled), written by csv-stringify, with a byte-order mark so spreadsheet apps read UTF-8 names
 * right. Every value here came from an email, so a cell that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR: OWASP "CSV Injection") is prefixed with an apostrophe.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

type CsvValue = string | number | boolean | undefined;

const OPTIONS = { record_delimiter: 'windows', quoted_match: /^\s|\s$/ } as const;

/** The header line, after the byte-order mark. */
export function csvHeader(header: readonly string[]): string {
  return stringify([header as string[]], { ...OPTIONS, bom: true });
}

/** One record, CRLF-terminated; written a row at a time, the file is the same as written at once. */
export function csvRow(row: readonly CsvValue[]): string {
  return stringify([row.map((value) => (value === undefined ? '' : guardFormula(String(value))))], OPTIONS);
}
