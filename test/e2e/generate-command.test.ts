import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Image } from '@napi-rs/canvas';
import { XMLParser } from 'fast-xml-parser';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, runCli } from './cli-support.ts';

const READER_VISIBLE = /\.(html|xml|json|txt|eml)$/;
const FORBIDDEN = /\b(NaN|undefined|Infinity)\b/;

describe('aftershock generate (end to end)', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-e2e-'));
  const siteDir = path.join(outDir, 'site');
  let run: ReturnType<typeof runCli>;

  beforeAll(() => {
    run = runCli(['generate', '--out', outDir]);
  });

  it('exits 0 and prints where the page, feeds and emails are', () => {
    expect(run.stderr, 'no error output expected').not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Page: .*index\.html/);
    expect(run.stdout).toMatch(/Feeds: .*feed\.xml/);
    expect(run.stdout).toMatch(/Emails: +\d+ written/);
  });

  it('resolves every internal link and image of every page to a file', () => {
    const pages = listFiles(siteDir).filter((f) => f.endsWith('.html'));
    expect(pages.length, 'index, archive, asset page, report page, 404').toBeGreaterThanOrEqual(4);
    for (const page of pages) {
      const html = readFileSync(path.join(siteDir, page), 'utf8');
      for (const target of internalTargets(html)) {
        const resolved = resolveSitePath(siteDir, page, target);
        expect(existsSync(resolved), `${page} links to ${target}`).toBe(true);
      }
    }
  });

  it('leads from the index to the market report with its coin and venue charts and tables', () => {
    const index = readFileSync(path.join(siteDir, 'index.html'), 'utf8');
    const reportHref = [...internalTargets(index)].find((t) => t.includes('reports/'));
    expect(reportHref, 'index links to the latest report').toBeDefined();
    const reportPage = resolveSitePath(siteDir, 'index.html', reportHref ?? '');
    const html = readFileSync(reportPage, 'utf8');
    expect(html).toMatch(/<h1>At least \$[\d.]+B of crypto futures liquidated in a day/);
    for (const chart of ['liquidations-by-coin', 'liquidations-by-venue'])
      expect(html, chart).toMatch(new RegExp(`<img [^>]*src="${chart}\\.png"`));
    expect(html.match(/<table class="figures">/g)?.length, 'coins, venues, largest orders').toBe(3);
    expect(html, 'simulated data is said plainly').toMatch(/simulated/i);
  });

  it('publishes the market story as the scheduled reporter would: the flash, then its 4h and 24h versions', async () => {
    const story = path.join(siteDir, 'reports/2026/03/12/2026-03-12-market-long-flush-2030');
    for (const version of ['1h', '4h', '24h'])
      expect(existsSync(path.join(story, 'v', version, 'index.html')), version).toBe(true);
    expect(run.stdout).toMatch(
      /Versions: flash as of 2026-03-12T23:20Z, 4h as of 2026-03-13T02:50Z, 24h as of 2026-03-13T22:50Z/,
    );
    // The newest version is the story's page, and it opens with what changed since the flash.
    const page = readFileSync(path.join(story, 'index.html'), 'utf8');
    expect(page).toContain(
      'Between the flash report’s figures and this 24h version’s, from 23:20 UTC on 12 Mar to 22:50 UTC on 13 Mar 2026:',
    );
    // Mailed as live: the flash to every follower of a coin in it; the 4h version (BTC's first
    // reading in the story) and the 24h version (readings changed) to the market's followers.
    const emails = listFiles(path.join(outDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    const ids = new Set(emails.map((f) => f.replace(/--.*$/, '')));
    expect([...ids].sort()).toEqual([
      '2026-03-12-market-long-flush-2030',
      '2026-03-12-market-long-flush-2030-follow-up-24h',
      '2026-03-12-market-long-flush-2030-follow-up-4h',
    ]);
    const sent = Number(/Emails: +(\d+) written/.exec(run.stdout)?.[1]);
    expect(sent, 'the line adds up every version’s mail').toBe(emails.length);
  });

  it('writes nothing a reader sees with NaN, undefined or Infinity', () => {
    for (const file of listFiles(outDir).filter((f) => READER_VISIBLE.test(f))) {
      const text = readFileSync(path.join(outDir, file), 'utf8');
      expect(FORBIDDEN.exec(text)?.[0], `${file} must not show it`).toBeUndefined();
    }
  });

  it('writes feeds that a real XML/JSON parser accepts', () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    const rss = parser.parse(readFileSync(path.join(siteDir, 'feed.xml'), 'utf8'));
    expect(rss.rss.channel.item).toBeDefined();
    const atom = parser.parse(readFileSync(path.join(siteDir, 'atom.xml'), 'utf8'));
    expect(atom.feed.entry).toBeDefined();
    const json = JSON.parse(readFileSync(path.join(siteDir, 'feed.json'), 'utf8'));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.length).toBeGreaterThan(0);
    const sitemap = parser.parse(readFileSync(path.join(siteDir, 'sitemap.xml'), 'utf8'));
    expect(sitemap.urlset.url).toBeDefined();
    expect(readFileSync(path.join(siteDir, 'robots.txt'), 'utf8')).toMatch(/Sitemap: https?:\/\//);
  });

  it('writes one parseable email per active sample subscriber with both unsubscribe headers', async () => {
    const emails = listFiles(path.join(outDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(emails.length, 'the sample list has active subscribers').toBeGreaterThan(0);
    for (const file of emails) {
      const mail = await simpleParser(readFileSync(path.join(outDir, 'outbox', file)));
      expect(mail.text, `${file} has a plain-text part`).toBeTruthy();
      expect(mail.html, `${file} has an HTML part`).toBeTruthy();
      const unsubscribe = String(
        mail.headers.get('list-unsubscribe') ??
          JSON.stringify(mail.headers.get('list-unsubscribe')),
      );
      expect(
        mail.headerLines.some((h) =>
          /^list-unsubscribe: <https:\/\/[^>]+>$/i.test(h.line.replace(/\r?\n\s+/g, ' ')),
        ),
      ).toBe(true);
      expect(
        mail.headerLines.some((h) =>
          /^list-unsubscribe-post: List-Unsubscribe=One-Click$/i.test(h.line),
        ),
      ).toBe(true);
      expect(mail.headerLines.some((h) => /^list-id:/i.test(h.line))).toBe(true);
      expect(unsubscribe).toBeTruthy();
    }
  });

  it('draws every chart at its stated size with real content', () => {
    const pngs = listFiles(siteDir).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(4);
    for (const file of pngs) {
      const image = new Image();
      image.src = readFileSync(path.join(siteDir, file));
      expect(image.width, `${file} width`).toBeGreaterThanOrEqual(600);
      expect(image.height, `${file} height`).toBeGreaterThanOrEqual(300);
    }
  });

  it('refuses an unknown scenario with a clear message and no stack trace', () => {
    const result = runCli(['generate', '--scenario', 'moon', '--out', outDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown scenario "moon"\. Choose one of: .*long-flush-reclaim/);
    expect(result.stderr, 'user errors never print a stack').not.toMatch(/\n\s+at /);
  });

  it('refuses an impossible --as-of', () => {
    const result = runCli(['generate', '--as-of', '2026-02-30T10:00Z', '--out', outDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--as-of must be an ISO-8601 time/);
  });

  it('refuses an --as-of outside the data', () => {
    const result = runCli(['generate', '--as-of', '2001-01-01T00:00:00Z', '--out', outDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/outside the scenario's data/);
  });

  it('refuses an unwritable output folder with a clear message', () => {
    const blocker = path.join(outDir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const result = runCli(['generate', '--out', path.join(blocker, 'out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not writable/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the bad setting when an environment override is invalid', () => {
    const result = runCli(['generate', '--out', outDir], { AFTERSHOCK_SITE_BASE_URL: 'not a url' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid setting "site\.baseUrl": an absolute http\(s\) URL/);
  });
});

function* internalTargets(html: string): Generator<string> {
  for (const match of html.matchAll(/(?:href|src)="([^"#]+)"/g)) {
    const target = match[1] ?? '';
    if (/^(https?:|mailto:|data:|\/\/)/.test(target)) continue;
    // The subscribe endpoint is served by the preview server's handlers, not by a file.
    if (target.startsWith('/api/')) continue;
    yield target;
  }
}

function resolveSitePath(siteDir: string, fromPage: string, target: string): string {
  const clean = target.split('?')[0] ?? target;
  const base = clean.startsWith('/')
    ? path.join(siteDir, clean)
    : path.join(siteDir, path.dirname(fromPage), clean);
  return clean.endsWith('/') || existsSync(path.join(base, 'index.html'))
    ? path.join(base, 'index.html')
    : base;
}

describe('aftershock generate run twice on one out folder', () => {
  it('prints the fan-out summary: mails every reader the first time and skips them all the second', () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-e2e-twice-'));
    const emails = (stdout: string) =>
      /Emails: +(\d+) written to .*outbox\/ \((\d+) skipped, (\d+) failed\)/
        .exec(stdout)
        ?.slice(1)
        .map(Number);
    // One asset's sample: the send ledger is what is tested, and it renders faster.
    const first = runCli(['generate', '--out', outDir, '--scenario', 'long-flush-reclaim']);
    const second = runCli(['generate', '--out', outDir, '--scenario', 'long-flush-reclaim']);
    expect([first.code, second.code]).toEqual([0, 0]);
    const [sent = 0] = emails(first.stdout) ?? [];
    expect(sent).toBeGreaterThan(0);
    expect(emails(first.stdout)).toEqual([sent, 0, 0]);
    expect(emails(second.stdout), 'the ledger remembers').toEqual([0, sent, 0]);
    const summaries = listFiles(path.join(outDir, 'private')).filter((f) =>
      f.endsWith('send-summary.json'),
    );
    expect(summaries).toHaveLength(1);
    const record = JSON.parse(
      readFileSync(path.join(outDir, 'private', summaries[0] ?? ''), 'utf8'),
    );
    expect(record.runs.map((r: { outcome: string }) => r.outcome)).toEqual([
      'completed',
      'completed',
    ]);
  });
});
