import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonSendLedger } from '../../../lambdas/publish/index.ts';
import { sendLedgerContract } from './send-ledger-contract.ts';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aftershock-ledger-'));
  dirs.push(dir);
  return dir;
}

describe('JsonSendLedger', () => {
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  sendLedgerContract(async () => new JsonSendLedger(join(await freshDir(), 'ledger.json')));

  it('keeps entries across instances over one file, under reportId#email keys', async () => {
    const file = join(await freshDir(), 'ledger.json');
    const claim = {
      reportId: '2026-11-25-btc',
      email: 'a@example.com',
      claimId: 'c1',
      nowMs: 0,
      leaseUntilMs: 60_000,
      unknownGraceMs: 0,
    };
    expect((await new JsonSendLedger(file).claim(claim)).claimed).toBe(true);
    expect((await new JsonSendLedger(file).claim({ ...claim, claimId: 'c2' })).claimed).toBe(false);
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toEqual([
      '2026-11-25-btc#a@example.com',
    ]);
  });

  it('treats a claim written before leases (no leaseUntil) as a dead sender’s', async () => {
    const file = join(await freshDir(), 'ledger.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      file,
      JSON.stringify({ 'r1#a@example.com': { status: 'claimed', attempts: 1 } }),
    );
    const result = await new JsonSendLedger(file).claim({
      reportId: 'r1',
      email: 'a@example.com',
      claimId: 'c',
      nowMs: Date.parse('2026-11-25T00:00:00Z'),
      leaseUntilMs: Date.parse('2026-11-25T00:15:00Z'),
      unknownGraceMs: 30 * 60_000,
    });
    expect(result).toEqual({ claimed: true, resend: true, tookOver: true });
  });
});
