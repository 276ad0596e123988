/** Excel opens UTF-8 CSV as Chinese text only with the byte-order mark. */
const BOM = '\uFEFF';
/** A cell starting with one of these would run as a formula (or hide one) in a spreadsheet. */
const FORMULA_START = /^[=+\-@\t\r]/;

export interface CsvOptions {
  /** Quote every cell (attendee lists) instead of only those that need it (poll exports). */
  quoteAll?: boolean;
}

/** One cell: a formula-looking value gets a leading `'`, quotes are doubled. */
export function csvCell(value: string, options: CsvOptions = {}): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return options.quoteAll || /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The one CSV writer of every export: UTF-8 with a BOM, CRLF line ends, formula-safe cells. */
export function toCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  return BOM + rows.map((row) => row.map((cell) => csvCell(cell, options)).join(',')).join('\r\n') + '\r\n';
}
