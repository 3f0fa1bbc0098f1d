import type { Subscriber } from '../../lambdas/publish/index.ts';

/** One data row of an import file: its 1-based line number and fields. */
export interface CsvImportRow {
  line: number;
  email: string;
  assets: string[];
}

/** A line of an import file that could not be read as a row. */
export interface CsvRowProblem {
  line: number;
  reason: string;
}

function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2
    ? trimmed.slice(1, -1).replaceAll('""', '"')
    : trimmed;
}

/**
 * Reads an import CSV whose header names an `email` and optionally an `assets` column
 * (other columns, as `export` writes them, are ignored) (assets separated by spaces or `;`
 * inside their field, e.g. `a@example.com,BTC ETH`). Blank lines are skipped; a line
 * with too many fields is a problem, not a stop. Quoted fields may not contain commas.
 *
 * @example
 * parseSubscriberCsv('email,assets\na@x.com,BTC;ETH\n').rows; // [{ line: 2, email: 'a@x.com', assets: ['BTC', 'ETH'] }]
 */
export function parseSubscriberCsv(text: string): {
  rows: CsvImportRow[];
  problems: CsvRowProblem[];
} {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((name) => unquote(name).toLowerCase());
  const emailAt = header.indexOf('email');
  const assetsAt = header.indexOf('assets');
  if (emailAt === -1) {
    return { rows: [], problems: [{ line: 1, reason: 'the header must name an "email" column' }] };
  }
  const rows: CsvImportRow[] = [];
  const problems: CsvRowProblem[] = [];
  lines.slice(1).forEach((text, index) => {
    const line = index + 2;
    if (text.trim() === '') return;
    const fields = text.split(',').map(unquote);
    if (fields.length > header.length) {
      problems.push({ line, reason: `expected ${header.length} field(s), found ${fields.length}` });
      return;
    }
    const assetsField = assetsAt === -1 ? '' : (fields[assetsAt] ?? '');
    const assets = assetsField.split(/[\s;]+/).filter((asset) => asset !== '');
    rows.push({ line, email: fields[emailAt] ?? '', assets });
  });
  return { rows, problems };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV of subscribers with a header; assets space-separated so the file imports back. */
export function subscribersToCsv(subscribers: readonly Subscriber[]): string {
  const header = 'email,assets,status,createdAt,confirmedAt,consentForm';
  const rows = subscribers.map((s) =>
    [s.email, s.assets.join(' '), s.status, s.createdAt, s.confirmedAt ?? '', s.consent.form]
      .map(csvField)
      .join(','),
  );
  return [header, ...rows].join('\n');
}
