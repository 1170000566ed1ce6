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

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const cells = rows.map((row) => row.map((value) => (value === undefined ? '' : guardFormula(String(value)))));
  return stringify([header as string[], ...cells], { bom: true, record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
}
