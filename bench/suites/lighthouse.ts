import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startPreviewServer } from '../../bin/commands/preview-command.ts';
import type { BenchSuite } from '../bench-support.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const TARGET_SCORE = 95;

interface LighthouseReport {
  categories: Record<string, { score: number | null }>;
}

const execFileAsync = promisify(execFile);

/**
 * Lighthouse scores (0–100) of one URL, from the pinned CLI driving Debian's Chromium.
 * Asynchronous on purpose: the preview server answering Lighthouse runs in this process.
 */
async function lighthouseScores(url: string): Promise<Record<string, number | null>> {
  const outFile = path.join(mkdtempSync(path.join(tmpdir(), 'aftershock-lh-')), 'report.json');
  await execFileAsync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      '--quiet',
      '--output=json',
      `--output-path=${outFile}`,
      `--only-categories=${CATEGORIES.join(',')}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking',
    ],
    { encoding: 'utf8', env: { ...process.env, CHROME_PATH: CHROMIUM }, timeout: 180_000 },
  );
  const report = JSON.parse(readFileSync(outFile, 'utf8')) as LighthouseReport;
  return Object.fromEntries(
    CATEGORIES.map((c) => {
      const score = report.categories[c]?.score;
      return [c, typeof score === 'number' ? Math.round(score * 100) : null];
    }),
  );
}

/** Lighthouse performance, accessibility, best practices and SEO of the index and a report page. */
export const lighthouseSuite: BenchSuite = {
  name: 'lighthouse',
  async run() {
    const out = mkdtempSync(path.join(tmpdir(), 'aftershock-lh-site-'));
    const generate = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bin', 'aftershock.ts'), 'generate', '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (generate.status !== 0) throw new Error(`generate failed: ${generate.stderr}`);
    const siteDir = path.join(out, 'site');
    const reportPath = findReportPath(siteDir);
    const { server, url } = await startPreviewServer({ siteDir, port: 0 });
    try {
      return {
        target: TARGET_SCORE,
        index: await lighthouseScores(url),
        report: await lighthouseScores(`${url}${reportPath}`),
      };
    } finally {
      server.close();
    }
  },
};

function findReportPath(siteDir: string): string {
  const page = readdirSync(path.join(siteDir, 'reports'), {
    recursive: true,
    encoding: 'utf8',
  })
    // The story page readers land on, not one of the readings kept under it (`…/v/1h/`).
    .find((f) => f.endsWith('index.html') && !f.split(path.sep).includes('v'));
  if (!page) throw new Error('no report page was generated');
  return `reports/${path.dirname(page)}/`;
}
