import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lambdas/load-config.ts';
import { s3Client } from '../../../lambdas/publish/aws/s3-client.ts';
import { S3SiteStore } from '../../../lambdas/publish/aws/s3-site-store.ts';
import {
  FsSiteStore,
  MANIFEST_KEY,
  publishReportFiles,
  publishSiteFilesFor,
  type SiteStore,
  WriteConflictError,
} from '../../../lambdas/publish/index.ts';
import { renderSiteIndexFiles, reportPageLinker } from '../../../lambdas/report/index.ts';
import { numberedReport, siteState } from '../../support/concurrent-reports.ts';
import { runScriptsAtOnce } from '../../support/processes/run-script.ts';
import {
  type S3ConditionalProxy,
  startS3ConditionalProxy,
} from '../../support/s3-conditional-proxy.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';
import { createBucket, emulatorConfig } from './aws-test-support.ts';

const config = emulatorConfig();

/** K publishers at once, each one report, as the overlapping schedules and an editor would. */
async function publishAtOnce(store: SiteStore, run: string, publishers: number) {
  await Promise.all(
    Array.from({ length: publishers }, async (_, n) => {
      const reports = await publishReportFiles(store, numberedReport(run, n), reportPageLinker);
      await publishSiteFilesFor(store, reports, (list) => renderSiteIndexFiles(list, config.site));
    }),
  );
}

const expectedIds = (run: string, count: number) =>
  Array.from({ length: count }, (_, n) => `${run}-report-${n}`).sort();

describe('the site manifest under concurrent publishers, on S3 (s3rver behind the precondition proxy)', () => {
  let proxy: S3ConditionalProxy;
  let store: S3SiteStore;
  let bucket: string;

  beforeAll(async () => {
    proxy = await startS3ConditionalProxy(config.aws.endpoints?.s3 ?? '');
    const viaProxy = parseConfig({
      aws: { region: EMULATOR_REGION, endpoints: { s3: proxy.endpoint } },
    });
    bucket = await createBucket(config, 'concurrent');
    store = new S3SiteStore(s3Client(viaProxy, { credentials: EMULATOR_CREDENTIALS }), { bucket });
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  it('refuses a write against a stale ETag and a create over an existing key with WriteConflictError', async () => {
    const file = (body: string) => ({
      key: 'probe.json',
      body,
      contentType: 'application/json',
      cacheControl: 'no-cache',
    });
    await store.putFileIfVersion(file('1'), null);
    const first = await store.getTextVersion('probe.json');
    await expect(store.putFileIfVersion(file('2'), null)).rejects.toThrow(WriteConflictError);
    await store.putFileIfVersion(file('2'), first?.version ?? '');
    await expect(store.putFileIfVersion(file('3'), first?.version ?? '')).rejects.toThrow(
      WriteConflictError,
    );
    expect(await store.getText('probe.json'), 'the losing writes changed nothing').toBe('2');
  });

  it('loses no entry, link or archive line when 8 publishers run at once', async () => {
    const before = { ...proxy.stats };
    await publishAtOnce(store, 's3', 8);
    const state = await siteState(store);
    expect(state.ids, 'audit #36 lost 35 of 40 entries at K = 8').toEqual(expectedIds('s3', 8));
    expect(state.misLinked, 'every page links its real neighbours').toEqual([]);
    expect(state.archived, 'the archive lists all 8').toBe(8);
    const conflicts = proxy.stats.preconditionFailed - before.preconditionFailed;
    expect(conflicts, 'the publishers did collide, and the conditions caught it').toBeGreaterThan(
      0,
    );
  });
});

describe('the site manifest under concurrent publishers, locally (FsSiteStore)', () => {
  it('loses no entry when 8 publishers in one process run at once', async () => {
    const store = new FsSiteStore(mkdtempSync(path.join(tmpdir(), 'aftershock-fs-site-')));
    await publishAtOnce(store, 'fs', 8);
    const state = await siteState(store);
    expect(state.ids).toEqual(expectedIds('fs', 8));
    expect(state.misLinked).toEqual([]);
    expect(state.archived).toBe(8);
  });

  it('loses no entry when 4 OS processes publish 2 reports each into one site folder', async () => {
    const siteDir = mkdtempSync(path.join(tmpdir(), 'aftershock-fs-procs-'));
    await runScriptsAtOnce('publish-reports.ts', 4, (i) => [siteDir, 'proc', String(i * 2), '2']);
    const store = new FsSiteStore(siteDir);
    const state = await siteState(store);
    expect(state.ids).toEqual(expectedIds('proc', 8));
    expect(state.misLinked).toEqual([]);
    expect(state.archived).toBe(8);
    expect(await store.getText(`${MANIFEST_KEY}.lock`), 'no lock left behind').toBeNull();
  });
});
