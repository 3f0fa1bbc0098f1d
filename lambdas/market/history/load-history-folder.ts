import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AftershockError } from '../../errors.ts';
import {
  buildHistorySeries,
  type HistoryFile,
  type HistoryOptions,
  type HistorySeries,
} from './build-history-series.ts';

async function listCsvFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads every `.csv` under `dir` (recursively), recognises each file's format
 * by its name and imports them with {@link buildHistorySeries}. File names in
 * messages are relative to `dir`.
 * @throws AftershockError when the folder is missing or holds no usable price file.
 */
export async function loadHistoryFolder(
  dir: string,
  options: HistoryOptions,
): Promise<{ series: HistorySeries[]; notes: string[] }> {
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) {
    throw new AftershockError(`The data folder ${dir} does not exist or is not a folder.`);
  }
  const names = await listCsvFiles(dir);
  const files: HistoryFile[] = await Promise.all(
    names.map(async (name) => ({
      name: path.relative(dir, name),
      text: await readFile(name, 'utf8'),
    })),
  );
  const result = buildHistorySeries(files, options);
  if (result.series.length === 0) {
    throw new AftershockError(
      `No price history in ${dir}: expected data.binance.vision klines (SYMBOL-1h-YYYY-MM-DD.csv) or a CoinGlass regime export (coinglass_BTC_regime_1h_….csv).`,
    );
  }
  return result;
}
