/// <reference lib="dom" />
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../../bin/commands/preview-command.ts';
import { runCli } from '../cli-support.ts';
import { axeViolations, hasChromium, launchChromium, watchPageErrors } from './chromium.ts';

const PAGE = 'reports/2026/03/12/2026-03-12-market-long-flush-2030/';

// As the other browser tests: skipped without Chromium on a developer machine, always run in CI.
describe.runIf(hasChromium() || Boolean(process.env.CI))(
  'the market report in headless Chromium',
  () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-market-browser-'));
    let server: Server;
    let baseUrl: string;
    let browser: Browser;

    beforeAll(async () => {
      // `npm start`'s own sample: the simulated market-wide wipeout.
      const run = runCli(['generate', '--out', outDir]);
      if (run.code !== 0) throw new Error(`generate failed: ${run.stderr}`);
      const preview = await startPreviewServer({ siteDir: path.join(outDir, 'site'), port: 0 });
      server = preview.server;
      baseUrl = preview.url;
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    for (const [width, colorScheme] of [
      [390, 'light'],
      [1280, 'dark'],
    ] as const) {
      it(`reads without sideways scrolling at ${width} px (${colorScheme}), its tables whole and axe clean`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.emulateMedia({ colorScheme });
        const errors = watchPageErrors(page);
        const response = await page.goto(new URL(PAGE, baseUrl).href, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);
        expect(await page.locator('h1').textContent()).toMatch(
          // The story page serves its newest version: the 24h reading of the sample.
          /^At least \$[\d.]+B of crypto futures liquidated in a day; 24h after the flush: BTC reclaim/,
        );
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll, 'no horizontal scrolling').toBeLessThanOrEqual(width);
        // Every table fits its column: no cell is hidden behind a scroll of its own. The coin table
        // has 12 coins and one row for the feeds' other coins; the largest orders are ten.
        const tables = await page.$$eval('table.figures', (all) =>
          all.map((t) => ({
            rows: t.querySelectorAll('tbody tr').length,
            overflow:
              (t.parentElement as HTMLElement).scrollWidth -
              (t.parentElement as HTMLElement).clientWidth,
          })),
        );
        expect(tables).toEqual([
          { rows: 13, overflow: 0 },
          { rows: 4, overflow: 0 },
          { rows: 10, overflow: 0 },
        ]);
        expect(await axeViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  },
);
