import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewServer } from '../../../bin/commands/preview-command.ts';
import {
  createLocalSubscriptionApi,
  type LocalSubscriptionApi,
} from '../../../bin/local-subscription-api.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';

/** The preview server over real HTTP (audit #23, #24, D23). */
describe('aftershock preview: the local site and subscription API', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'aftershock-preview-'));
  let server: Server;
  let base: string;
  let api: LocalSubscriptionApi | undefined;

  beforeAll(async () => {
    const siteDir = path.join(outDir, 'site');
    mkdirSync(siteDir, { recursive: true });
    writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(outDir, 'subscribers.json'), '[]\n');
    const preview = await startPreviewServer({
      siteDir,
      port: 0,
      createApi: async (siteBaseUrl) => {
        api = await createLocalSubscriptionApi({ config: parseConfig({}), outDir, siteBaseUrl });
        return api;
      },
    });
    server = preview.server;
    base = preview.url.replace(/\/$/, '');
  });

  afterAll(async () => {
    await api?.settled();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each(['/%', '/%E0%A4%A', '/reports/%zz/'])(
    'answers 400 for the malformed escape %s (500 before)',
    async (bad) => {
      expect((await fetch(`${base}${bad}`)).status).toBe(400);
    },
  );

  it('refuses a sign-up posted from another origin with 403 (202 before) and accepts its own', async () => {
    const post = (origin: string) =>
      fetch(`${base}/api/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: 'email=reader%40example.com',
      });
    expect((await post('http://evil.example')).status).toBe(403);
    expect((await post(base)).status).toBe(202);
  });
});
