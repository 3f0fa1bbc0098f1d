/// <reference lib="dom" />
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../../bin/commands/preview-command.ts';
import { chartFileTextPx } from '../../../lambdas/report/page-chart-image.ts';
import { runCli } from '../cli-support.ts';
import { axeViolations, hasChromium, launchChromium, watchPageErrors } from './chromium.ts';

// On a developer machine without Chromium these are skipped; in CI they always run (and
// fail loudly if the browser is missing).
describe.runIf(hasChromium() || Boolean(process.env.CI))('the blog in headless Chromium', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-browser-'));
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // Two reports, so report pages carry previous/next links (the second is the newer one:
    // same time, and its id sorts after the first's).
    for (const scenario of ['long-flush-reclaim', 'short-squeeze-rejection']) {
      const run = runCli(['generate', '--out', outDir, '--scenario', scenario]);
      if (run.code !== 0) throw new Error(`generate failed: ${run.stderr}`);
    }
    // The first flush's flash (its 1h reading), published after its 24h follow-up: one more
    // reading kept under the same story, which stays at its newest.
    const flash = runCli([
      'generate',
      '--out',
      outDir,
      '--scenario',
      'long-flush-reclaim',
      '--as-of',
      '2026-03-12T23:30:00Z',
    ]);
    if (flash.code !== 0) throw new Error(`generate failed: ${flash.stderr}`);
    const preview = await startPreviewServer({ siteDir: path.join(outDir, 'site'), port: 0 });
    server = preview.server;
    baseUrl = preview.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.status(), `${url} answers 200`).toBe(200);
    return { page, errors };
  }

  /** Loads lazy images now (they would load as the reader scrolls to them). */
  async function loadAllImages(page: Page): Promise<void> {
    await page.$$eval('img', (imgs) => {
      for (const img of imgs) img.loading = 'eager';
    });
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  }

  async function expectImagesLoaded(page: Page): Promise<void> {
    await loadAllImages(page);
    const images = await page.$$eval('img', (imgs) =>
      imgs.map((img) => ({ src: img.currentSrc || img.src, width: img.naturalWidth })),
    );
    for (const image of images) {
      expect(image.width, `${image.src} loaded (natural width > 0)`).toBeGreaterThan(0);
    }
  }

  async function expectInternalLinksResolve(page: Page): Promise<void> {
    const hrefs = await page.$$eval('a[href]', (links) =>
      links.map((a) => (a as HTMLAnchorElement).href),
    );
    const internal = [...new Set(hrefs.map((h) => h.split('#')[0] ?? h))].filter(
      (h) => h.startsWith(baseUrl) && !h.includes('/api/'),
    );
    for (const href of internal) {
      const response = await fetch(href);
      expect(response.status, `link ${href}`).toBe(200);
    }
  }

  it('walks index → latest report → archive → asset page → back with every image and link working', async () => {
    const { page, errors } = await open(baseUrl);
    await expectImagesLoaded(page);
    await expectInternalLinksResolve(page);

    await page.locator('a[href*="reports/"]').first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/reports\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/);
    expect(await page.locator('img[src$=".png"]').count(), 'four charts').toBeGreaterThanOrEqual(4);
    await expectImagesLoaded(page);
    await expectInternalLinksResolve(page);

    await page.locator('nav a', { hasText: 'Archive' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/archive\/$/);
    await expectInternalLinksResolve(page);

    await page.locator('a[href*="assets/btc/"]').first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/assets\/btc\/$/);
    await expectImagesLoaded(page);

    await page.goBack();
    expect(page.url()).toMatch(/\/archive\/$/);
    expect(errors, 'no console errors or failed requests').toEqual([]);
    await page.close();
  });

  for (const width of [390, 1280]) {
    it(`shows one story per flush at ${width} px: its newest reading in words first, its update log, and each reading kept under it`, async () => {
      const { page, errors } = await open(baseUrl);
      await page.setViewportSize({ width, height: 900 });
      const listed = await page.$$eval('main a[href*="reports/"]', (links) =>
        links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
      );
      expect(new Set(listed).size, 'two flushes, two stories').toBe(2);
      expect(
        listed.some((p) => p.includes('/v/')),
        'lists link stories, not readings',
      ).toBe(false);

      await page.goto(`${baseUrl}reports/2026/03/12/2026-03-12-btc-long-flush-2030/`);
      await page.waitForLoadState('load');
      expect(await page.locator('h1').textContent()).toMatch(/^BTC 24h after the/);
      const [textTop, chartTop] = await page.evaluate(() => [
        document.querySelector('.article-section p')?.getBoundingClientRect().top ?? 1e9,
        document.querySelector('figure.chart')?.getBoundingClientRect().top ?? 0,
      ]);
      expect(textTop, 'the analysis starts before the first chart').toBeLessThan(chartTop);
      const updates = await page.locator('#updates li').allTextContents();
      expect(updates.map((u) => u.split(' · ')[0])).toEqual(['24h', '4h', '1h']);
      expect(updates[0]).toMatch(
        /^24h · 13 Mar 2026, 22:30 UTC: reclaim, was stabilizing at 4h; BTC rose/,
      );

      const readings = page.locator('.report-nav-readings a');
      expect(await readings.allTextContents(), 'the readings published').toEqual(['1h', '24h']);
      await expectInternalLinksResolve(page);
      await readings.first().click();
      await page.waitForLoadState('load');
      expect(page.url()).toMatch(/\/2026-03-12-btc-long-flush-2030\/v\/1h\/$/);
      expect(await page.locator('h1').textContent(), 'the flash as it was').toMatch(
        /liquidated in/,
      );
      await page.getByRole('link', { name: 'the story page' }).click();
      await page.waitForLoadState('load');
      expect(page.url()).toMatch(/\/2026-03-12-btc-long-flush-2030\/$/);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll, 'no horizontal scrolling').toBeLessThanOrEqual(width);
      expect(errors, 'no console errors or failed requests').toEqual([]);
      await page.close();
    });
  }

  for (const [width, cards] of [
    [390, true],
    [1280, false],
  ] as const) {
    it(`shows the evidence as ${cards ? 'cards' : 'a table'} at ${width} px, every rule readable without scrolling sideways`, async () => {
      const { page } = await open(`${baseUrl}reports/2026/03/12/2026-03-12-btc-long-flush-2030/`);
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => {
        for (const details of document.querySelectorAll('details.evidence-all')) {
          (details as HTMLDetailsElement).open = true;
        }
      });
      const tables = await page.$$eval('.table-wrap', (wraps) =>
        wraps.map((wrap) => {
          const cell = wrap.querySelector('tbody td:not(.evidence-rule)') as HTMLElement | null;
          return {
            rows: wrap.querySelectorAll('tbody tr').length,
            overflowPx: wrap.scrollWidth - wrap.clientWidth,
            cellDisplay: cell ? getComputedStyle(cell).display : null,
            label: cell ? getComputedStyle(cell, '::before').content : null,
          };
        }),
      );
      expect(tables.length, 'the winning rules and the full table').toBeGreaterThanOrEqual(2);
      for (const table of tables) {
        expect(table.rows).toBeGreaterThan(0);
        expect(table.overflowPx, 'no sideways scrolling inside the table').toBeLessThanOrEqual(0);
        if (cards) {
          expect(table.cellDisplay).toBe('grid');
          expect(table.label, 'each line names its column').toMatch(/Value|Reading/);
        } else expect(table.cellDisplay).toBe('table-cell');
      }
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await axeViolations(page), `${colorScheme} at ${width} px`).toEqual([]);
      }
      await page.close();
    });
  }

  it('finds no accessibility violation on a kept reading', async () => {
    const { page } = await open(
      `${baseUrl}reports/2026/03/12/2026-03-12-btc-long-flush-2030/v/1h/`,
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('steps from the latest report to the previous one and back with the report links', async () => {
    const { page, errors } = await open(baseUrl);
    await page.locator('a[href*="reports/"]').first().click();
    await page.waitForLoadState('load');
    const latestUrl = page.url();
    expect(await page.locator('a[rel="next"]').count(), 'the latest has no next').toBe(0);

    await page.locator('a[rel="prev"]').click();
    await page.waitForLoadState('load');
    expect(page.url(), 'an older report').not.toBe(latestUrl);
    expect(page.url()).toMatch(/\/reports\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/);
    expect(await page.locator('a[rel="prev"]').count(), 'the first has no previous').toBe(0);
    await expectImagesLoaded(page);
    await expectInternalLinksResolve(page);

    await page.locator('a[rel="next"]').click();
    await page.waitForLoadState('load');
    expect(page.url(), 'next leads back to the latest').toBe(latestUrl);
    expect(errors, 'no console errors or failed requests').toEqual([]);
    await page.close();
  });

  it.each([
    ['the index', 'light', ''],
    ['the index', 'dark', ''],
    ['the archive', 'light', 'archive/'],
    ['the archive', 'dark', 'archive/'],
    ['the 404 page', 'light', '404.html'],
    ['the 404 page', 'dark', '404.html'],
  ] as const)(
    'finds no accessibility violation on %s in %s mode',
    async (_name, colorScheme, route) => {
      const { page } = await open(`${baseUrl}${route}`);
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it.each(['light', 'dark'] as const)(
    'finds no accessibility violation on a report page in %s mode',
    async (colorScheme) => {
      const { page } = await open(baseUrl);
      await page.emulateMedia({ colorScheme });
      await page.locator('a[href*="reports/"]').first().click();
      await page.waitForLoadState('load');
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it.each([
    [390, true],
    [1280, false],
  ])(
    'shows every chart with its smallest text at 11 CSS px or more at %i px',
    async (width, phone) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(baseUrl, { waitUntil: 'load' });
      await page.locator('a[href*="reports/"]').first().click();
      await page.waitForLoadState('load');
      await loadAllImages(page);
      // The file's own pixel width: an <img> chosen from a `w` srcset reports a
      // naturalWidth already divided by its density, so it is measured on a plain Image.
      const charts = await page.$$eval('figure.chart img', (imgs) =>
        Promise.all(
          (imgs as HTMLImageElement[]).map(async (img) => {
            const file = new Image();
            file.src = img.currentSrc;
            await file.decode();
            return {
              src: img.currentSrc,
              shownWidth: img.getBoundingClientRect().width,
              naturalWidth: file.naturalWidth,
            };
          }),
        ),
      );
      expect(charts.length, 'the report shows its charts').toBeGreaterThanOrEqual(4);
      for (const chart of charts) {
        expect(chart.src.includes('-narrow.'), `${chart.src}: the phone drawing on a phone`).toBe(
          phone,
        );
        const smallestCssPx = (chart.shownWidth / chart.naturalWidth) * chartFileTextPx(chart.src);
        expect(
          smallestCssPx,
          `${chart.src} shown ${chart.shownWidth} px wide`,
        ).toBeGreaterThanOrEqual(11);
      }
      await page.close();
    },
  );

  it.each([600, 375])('shows the email without horizontal scrolling at %i px', async (width) => {
    const outbox = path.join(outDir, 'outbox');
    const eml = readdirSync(outbox).find((f) => f.endsWith('.eml'));
    expect(eml, 'an email was written').toBeDefined();
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(readFileSync(path.join(outbox, eml ?? '')));
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.setContent(String(mail.html), { waitUntil: 'domcontentloaded' });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `no horizontal scroll at ${width}px`).toBeLessThanOrEqual(0);
    await page.close();
  });
});
