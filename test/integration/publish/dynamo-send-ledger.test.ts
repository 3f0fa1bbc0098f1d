import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoSendLedger, ledgerKey } from '../../../lambdas/publish/aws/dynamo-send-ledger.ts';
import { sendLedgerContract } from '../../unit/publish/send-ledger-contract.ts';
import { createLedgerTable, emulatorClients, emulatorConfig } from './aws-test-support.ts';

describe('DynamoSendLedger against dynalite', () => {
  const { doc } = emulatorClients(emulatorConfig());
  let table = '';
  beforeAll(async () => {
    table = await createLedgerTable(doc);
  });

  sendLedgerContract(async () => new DynamoSendLedger(doc, { tableName: table }));

  it('takes over a claim written before leases and versions (no leaseUntil, no version)', async () => {
    const ledger = new DynamoSendLedger(doc, { tableName: table });
    const pk = ledgerKey('legacy-report', 'a@example.com');
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { pk, reportId: 'legacy-report', email: 'a@example.com', status: 'claimed' },
      }),
    );
    const nowMs = Date.parse('2026-11-25T00:00:00Z');
    const result = await ledger.claim({
      reportId: 'legacy-report',
      email: 'a@example.com',
      claimId: 'c',
      nowMs,
      leaseUntilMs: nowMs + 60_000,
      unknownGraceMs: 0,
    });
    expect(result).toEqual({ claimed: true, resend: true, tookOver: true });
    const item = (await doc.send(new GetCommand({ TableName: table, Key: { pk } }))).Item;
    expect(item).toMatchObject({ status: 'claimed', version: 1, resent: true });
    expect(typeof item?.expiresAt, 'TTL attribute').toBe('number');
  });
});
