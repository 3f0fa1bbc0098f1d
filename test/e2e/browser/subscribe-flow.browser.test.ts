/// <reference lib="dom" />
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../../bin/commands/preview-command.ts';
import {
  createLocalSubscriptionApi,
  type LocalSubscriptionApi,
} from '../../../bin/local-subscription-api.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { runCli } from '../cli-support.ts';
import { axeViolations, hasChromium, launchChromium } from './chromium.ts';

const READER = 'reader.e2e@example.net';

describe.runIf(hasChromium() || Boolean(process.env.CI))(
  'the subscribe flow in headless Chromium',
  () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-subscribe-'));
    const outbox = path.join(outDir, 'outbox');
    let server: Server;
    let baseUrl: string;
    let browser: Browser;
    let api: LocalSubscriptionApi | undefined;

    beforeAll(async () => {
      // One asset's sample: the subscription flow is what is tested, and it renders faster.
      const run = runCli(['generate', '--out', outDir, '--scenario', 'long-flush-reclaim']);
      if (run.code !== 0) throw new Error(`generate failed: ${run.stderr}`);
      const config = parseConfig({});
      const preview = await startPreviewServer({
        siteDir: path.join(outDir, 'site'),
        port: 0,
        createApi: async (siteBaseUrl) => {
          api = await createLocalSubscriptionApi({ config, outDir, siteBaseUrl });
          return api;
        },
      });
      server = preview.server;
      baseUrl = preview.url;
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    function subscriberOf(
      email: string,
    ): { status: string; assets: string[]; wants?: string[] } | undefined {
      const list = JSON.parse(
        readFileSync(path.join(outDir, 'subscribers.json'), 'utf8'),
      ) as Array<{ email: string; status: string; assets: string[]; wants?: string[] }>;
      return list.find((s) => s.email === email);
    }

    function statusOf(email: string): string | undefined {
      return subscriberOf(email)?.status;
    }

    async function mailTo(email: string, prefix: string) {
      // The confirmation mail is written just after the answer, as SQS does it in AWS.
      await api?.settled();
      const file = readdirSync(outbox).find((f) => f.startsWith(prefix) && f.includes(email));
      expect(file, `an email "${prefix}…" to ${email} in the outbox`).toBeDefined();
      return simpleParser(readFileSync(path.join(outbox, file ?? '')));
    }

    it('subscribes, confirms by the emailed link, then unsubscribes from a report email', async () => {
      const page = await browser.newPage();
      await page.goto(baseUrl);
      await page.getByLabel('Email address').fill(READER);
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForLoadState('load');
      await expect.poll(() => page.locator('h1').textContent()).toContain('Check your inbox');
      expect(await axeViolations(page), 'check-inbox page').toEqual([]);
      await api?.settled();
      expect(statusOf(READER)).toBe('pending');

      const confirmation = await mailTo(READER, 'subscription-confirmation');
      const confirmUrl = String(confirmation.text).match(
        /https?:\/\/\S+\/api\/confirm\?token=\S+/,
      )?.[0];
      expect(confirmUrl, 'the confirmation link leads back to the preview server').toMatch(
        /^http:\/\/127\.0\.0\.1/,
      );
      await page.goto(confirmUrl ?? '');
      await expect.poll(() => page.locator('h1').textContent()).toContain('You are subscribed');
      expect(await axeViolations(page), 'confirmed page').toEqual([]);
      expect(statusOf(READER)).toBe('active');
      const welcome = await mailTo(READER, 'subscription-welcome');
      expect(welcome.subject).toBe('Welcome to Aftershock');
      expect(String(welcome.text)).toContain(
        `${READER} now gets Aftershock reports on the whole market, BTC, ETH and SOL:`,
      );

      // The next publication mails the new reader too (the ledger skips those already sent).
      const again = runCli(['generate', '--out', outDir, '--scenario', 'long-flush-reclaim']);
      expect(again.code, again.stderr).toBe(0);
      const report = await mailTo(READER, '20');
      const header = report.headerLines.find((h) => /^list-unsubscribe:/i.test(h.line))?.line ?? '';
      const httpsLink = header.match(/<(https:\/\/[^>]+)>/)?.[1] ?? '';
      const local = new URL(new URL(httpsLink).pathname + new URL(httpsLink).search, baseUrl).href;
      await page.goto(local);
      expect(await axeViolations(page), 'unsubscribe page').toEqual([]);
      expect(statusOf(READER), 'opening the link changes nothing by itself').toBe('active');
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await page.waitForLoadState('load');
      await expect.poll(() => page.locator('h1').textContent()).toContain('You are unsubscribed');
      expect(statusOf(READER)).toBe('unsubscribed');
      await page.close();
    });

    for (const width of [390, 1280]) {
      it(`keeps the assets a reader ticks on the subscribe form at ${width} px`, async () => {
        const reader = `assets.${width}@example.net`;
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(baseUrl);
        const boxes = page.getByRole('group', { name: 'Reports on' }).getByRole('checkbox');
        expect(await boxes.count(), 'the whole market, then one box per configured asset').toBe(4);
        for (const box of await boxes.all()) {
          const size = await box.evaluate(
            (el) => (el.closest('label') as HTMLElement).offsetHeight,
          );
          expect(size, 'a target a finger can hit').toBeGreaterThanOrEqual(44);
        }
        await page.getByRole('checkbox', { name: 'SOL' }).uncheck();
        await page.getByLabel('Email address').fill(reader);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll, 'no horizontal scrolling').toBeLessThanOrEqual(width);
        await page.getByRole('button', { name: 'Subscribe' }).click();
        await page.waitForLoadState('load');
        await expect.poll(() => page.locator('h1').textContent()).toContain('Check your inbox');
        await api?.settled();
        expect(subscriberOf(reader)).toMatchObject({
          status: 'pending',
          assets: ['MARKET', 'BTC', 'ETH'],
        });
        await page.close();
      });
    }

    for (const [width, colorScheme] of [
      [390, 'light'],
      [1280, 'dark'],
    ] as const) {
      it(`saves a subscriber's choices from the preferences link of a report email at ${width} px, ${colorScheme}`, async () => {
        // alice (samples/subscribers.json) follows everything and was mailed by `generate`.
        const reader = 'alice@example.com';
        const report = await mailTo(reader, '20');
        const link = String(report.text).match(/https?:\/\/\S+\/api\/preferences\?token=\S+/)?.[0];
        expect(link, 'every report email links to the preferences page').toBeDefined();
        const local = new URL(new URL(link ?? '').pathname + new URL(link ?? '').search, baseUrl);
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.emulateMedia({ colorScheme });
        await page.goto(local.href);
        await expect.poll(() => page.locator('h1').textContent()).toContain('Choose what you get');
        const assets = page.getByRole('group', { name: 'Reports on' }).getByRole('checkbox');
        const kinds = page.getByRole('group', { name: 'Mail' }).getByRole('checkbox');
        expect(await assets.count(), 'the whole market, then one box per configured asset').toBe(4);
        expect(await kinds.count(), 'flash, follow-ups, digest').toBe(3);
        for (const box of [...(await assets.all()), ...(await kinds.all())]) {
          expect(await box.isChecked(), 'a reader who never chose gets everything').toBe(true);
          const height = await box.evaluate(
            (el) => (el.closest('label') as HTMLElement).offsetHeight,
          );
          expect(height, 'a target a finger can hit').toBeGreaterThanOrEqual(44);
        }
        const save = page.getByRole('button', { name: 'Save' });
        expect((await save.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scroll, 'no horizontal scrolling').toBeLessThanOrEqual(width);
        expect(await axeViolations(page), 'preferences page').toEqual([]);

        await page.getByRole('checkbox', { name: 'ETH' }).uncheck();
        await page.getByRole('checkbox', { name: /Follow-ups/ }).uncheck();
        await save.click();
        await page.waitForLoadState('load');
        await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved.');
        expect(await axeViolations(page), 'saved page').toEqual([]);
        expect(subscriberOf(reader)).toMatchObject({
          status: 'active',
          assets: ['MARKET', 'BTC', 'SOL'],
          wants: ['flash', 'digest'],
        });

        // Nothing ticked: the form comes back with the reason, and the saved choice stays.
        for (const box of await assets.all()) await box.uncheck();
        await save.click();
        await page.waitForLoadState('load');
        await expect
          .poll(() => page.getByRole('alert').textContent())
          .toContain('Choose at least one asset, or unsubscribe to stop all mail');
        expect(await axeViolations(page), 'error state').toEqual([]);
        expect(subscriberOf(reader)).toMatchObject({ assets: ['MARKET', 'BTC', 'SOL'] });
        // Put alice back as the sample has her, for the other tests.
        await page.getByRole('checkbox', { name: /Whole market/ }).check();
        await page.getByRole('checkbox', { name: 'BTC' }).check();
        await page.getByRole('checkbox', { name: 'ETH' }).check();
        await page.getByRole('checkbox', { name: 'SOL' }).check();
        await page.getByRole('checkbox', { name: /Follow-ups/ }).check();
        await save.click();
        await page.waitForLoadState('load');
        await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved.');
        await page.close();
      });
    }

    it('shows a clear error state for an invalid address', async () => {
      const page = await browser.newPage();
      await page.goto(baseUrl);
      // The browser's own validation would stop "not-an-email"; bypass it to reach the server.
      await page
        .locator('form')
        .first()
        .evaluate((form) => form.setAttribute('novalidate', ''));
      await page.getByLabel('Email address').fill('not-an-email');
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForLoadState('load');
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toMatch(/not accepted/i);
      expect(await axeViolations(page), 'error page').toEqual([]);
      await page.close();
    });
  },
);
