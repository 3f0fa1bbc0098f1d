import { beforeAll, describe, expect, it } from 'vitest';
import type {
  Checkpoint,
  RenderedReport,
  ReportKind,
  ReportMeta,
} from '../../../lambdas/model/index.ts';
import { MemorySiteStore } from '../../../lambdas/publish/index.ts';
import { renderReport } from '../../../lambdas/report/render-report.ts';
import { isNewestVersion, storiesOf } from '../../../lambdas/report/stories.ts';
import { publishReport } from '../../../lambdas/use-cases/publish-report.ts';
import { buildFixtureAssessment, buildFixtureFlush, buildFixtureSeries } from './fixtures.ts';

const SITE = {
  baseUrl: 'https://aftershock.example.com',
  title: 'Aftershock',
  tagline: 'Liquidations, read',
  subscribeUrl: 'https://api.example.com/subscribe',
};

/** The fixture flush's report at a checkpoint: the flash at 1h, follow-ups after it. */
function reportAt(checkpoint: Checkpoint, kind: ReportKind): Promise<RenderedReport> {
  const order: Checkpoint[] = ['1h', '4h', '24h', '72h'];
  const earlier = order.slice(0, order.indexOf(checkpoint));
  const assessment = buildFixtureAssessment(checkpoint);
  return renderReport({
    series: buildFixtureSeries(),
    flush: buildFixtureFlush(),
    assessment,
    history: earlier.map((c) => buildFixtureAssessment(c)),
    kind,
    asOfMs: assessment.asOfMs,
    siteBaseUrl: SITE.baseUrl,
    siteTitle: SITE.title,
    tiers: { minor: 0.005, major: 0.02, extreme: 0.05 },
    site: SITE,
  });
}

const unused = {
  artifacts: {} as never,
  queue: {
    enqueue: async () => {
      throw new Error('not mailed');
    },
  },
};

async function publish(site: MemorySiteStore, rendered: RenderedReport) {
  return publishReport(
    rendered,
    { site, ...unused },
    {
      mail: false,
      config: { site: SITE, assets: ['BTC'] },
      nowMs: Date.parse(rendered.meta.asOf),
    },
  );
}

const text = async (site: MemorySiteStore, key: string) => (await site.getText(key)) ?? '';

describe('one story per event', () => {
  let flash: RenderedReport;
  let followUp: RenderedReport;
  beforeAll(async () => {
    [flash, followUp] = await Promise.all([reportAt('1h', 'flash'), reportAt('4h', 'follow-up')]);
  });

  it('keeps each reading under its story, and the ids the send ledger knows', () => {
    const story = 'reports/2026/03/11/2026-03-11-btc-long-flush-2100/';
    expect(flash.meta).toMatchObject({ storyPath: story, path: `${story}v/1h/` });
    expect(followUp.meta).toMatchObject({ storyPath: story, path: `${story}v/4h/` });
    expect(flash.meta.storyId).toBe(flash.meta.id);
    expect(followUp.meta.id).toBe(`${flash.meta.id}-follow-up-4h`);
  });

  it('updates the story page in place when a follow-up is published, and keeps the flash under it', async () => {
    const site = new MemorySiteStore();
    await publish(site, flash);
    const before = await text(site, `${flash.meta.storyPath}index.html`);
    expect(before).toContain(flash.meta.title.slice(0, 30));
    await publish(site, followUp);
    const storyPage = await text(site, `${flash.meta.storyPath}index.html`);
    expect(storyPage).toContain('id="updates"');
    expect(storyPage).toContain(
      `<link rel="canonical" href="${SITE.baseUrl}/${flash.meta.storyPath}">`,
    );
    expect(storyPage, 'both readings linked from the story').toMatch(
      /Each reading of this story[^<]*<a href="[^"]*v\/1h\/">1h<\/a> · <a href="[^"]*v\/4h\/">4h<\/a>/,
    );
    const flashPage = await text(site, `${flash.meta.path}index.html`);
    expect(flashPage, 'the flash as it was').toContain(flash.meta.title.slice(0, 30));
    expect(flashPage).toContain('the story page</a> has the latest');
    expect(flashPage, 'the kept flash links the later reading too').toMatch(
      /<strong aria-current="page">1h<\/strong> · <a href="[^"]*v\/4h\/">4h<\/a>/,
    );
    expect(await text(site, `${flash.meta.path}data.json`)).toContain('"checkpoint": "1h"');
    expect(await text(site, `${flash.meta.storyPath}data.json`)).toContain(followUp.meta.id);
  });

  it('lists, feeds and maps one item per story, at the story page, with its first and last times', async () => {
    const site = new MemorySiteStore();
    await publish(site, flash);
    await publish(site, followUp);
    const archive = await text(site, 'archive/index.html');
    expect(archive.match(/<li>\s*<a href/g) ?? [], 'one story in the archive').toHaveLength(1);
    expect(archive).toContain(', updated ');
    const atom = await text(site, 'atom.xml');
    expect(atom.match(/<entry>/g) ?? []).toHaveLength(1);
    expect(atom).toContain(`<id>${SITE.baseUrl}/${flash.meta.storyPath}</id>`);
    expect(atom).toContain(`<published>${flash.meta.asOf}</published>`);
    expect(atom).toContain(`<updated>${followUp.meta.asOf}</updated>`);
    const sitemap = await text(site, 'sitemap.xml');
    expect(sitemap).toContain(`${SITE.baseUrl}/${flash.meta.storyPath}<`);
    expect(sitemap).not.toContain('/v/');
  });

  it('leaves the story page alone when an older reading is published again after a newer one', async () => {
    const site = new MemorySiteStore();
    await publish(site, flash);
    await publish(site, followUp);
    const storyPage = await text(site, `${flash.meta.storyPath}index.html`);
    await publish(site, flash);
    expect(await text(site, `${flash.meta.storyPath}index.html`)).toBe(storyPage);
  });
});

describe('storiesOf and isNewestVersion', () => {
  const meta = (id: string, asOf: string, story?: string): ReportMeta => ({
    id,
    slug: id,
    kind: story ? 'follow-up' : 'digest',
    title: id,
    summary: id,
    asOf,
    assets: ['BTC'],
    path: story ? `reports/x/${story}/v/${id}/` : `reports/x/${id}/`,
    ...(story ? { storyId: story, storyPath: `reports/x/${story}/` } : {}),
    simulated: false,
    imagePath: `reports/x/${id}/social-card.png`,
  });
  const oneH = meta('1h', '2026-01-01T01:00:00Z', 's');
  const fourH = meta('4h', '2026-01-01T04:00:00Z', 's');
  const digest = meta('d', '2026-01-01T07:00:00Z');

  it('makes one entry per story, at its path, newest version first in its fields', () => {
    const stories = storiesOf([fourH, digest, oneH]);
    expect(stories).toHaveLength(2);
    expect(stories.find((s) => s.id === 's')).toMatchObject({
      title: '4h',
      asOf: fourH.asOf,
      firstAsOf: oneH.asOf,
      path: 'reports/x/s/',
      imagePath: 'reports/x/s/social-card.png',
    });
    expect(
      stories.find((s) => s.id === 'd'),
      'a report of its own is its story',
    ).toEqual(digest);
  });

  it('says a version updates its story page only when no later version is listed', () => {
    expect(isNewestVersion([oneH, fourH], fourH)).toBe(true);
    expect(isNewestVersion([oneH, fourH], oneH)).toBe(false);
    expect(isNewestVersion([digest], digest)).toBe(true);
  });
});
