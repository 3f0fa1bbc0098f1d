import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { Config } from '../../../lambdas/config.ts';
import { parseConfig } from '../../../lambdas/load-config.ts';
import {
  dynamoDocumentClient,
  s3Client,
  sesClient,
} from '../../../lambdas/publish/aws/aws-clients.ts';
import {
  type ActiveSubscriberQuery,
  type Subscriber,
  type SubscriberPage,
  type SubscriberPreferences,
  type SubscriberStatus,
  type SubscriberStore,
  subscriberWantsAssets,
} from '../../../lambdas/publish/index.ts';
import { createKeyedTable, uniqueName } from '../../support/dynamo-tables.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../emulators.ts';

export { createActiveTable, uniqueName } from '../../support/dynamo-tables.ts';

/** A config pointing every AWS client at the emulators started by the global setup. */
export function emulatorConfig(aws: Partial<Config['aws']> = {}): Config {
  return parseConfig({
    tokenSecret: 'integration-test-secret-0123456789',
    aws: {
      region: EMULATOR_REGION,
      sesMaxSendRatePerSecond: 10_000,
      endpoints: {
        s3: inject('s3Endpoint'),
        ses: inject('sesEndpoint'),
        dynamodb: inject('dynamoEndpoint'),
      },
      ...aws,
    },
  });
}

/** SDK clients for {@link emulatorConfig}, with the emulator credentials. */
export function emulatorClients(config: Config) {
  const options = { credentials: EMULATOR_CREDENTIALS };
  return {
    s3: s3Client(config, options),
    ses: sesClient(config, options),
    doc: dynamoDocumentClient(config, options),
  };
}

/** Creates a bucket on s3rver and returns its name. */
export async function createBucket(config: Config, prefix: string): Promise<string> {
  const bucket = uniqueName(prefix);
  await emulatorClients(config).s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** Creates a send-ledger table (string key `pk`) on dynalite and returns its name. */
export function createLedgerTable(doc: DynamoDBDocumentClient): Promise<string> {
  return createKeyedTable(doc, 'ledger', 'pk');
}

/** One mail the SES emulator accepted, as `GET /store` lists it. */
export interface StoredEmail {
  subject: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  messageId: string;
}

/** Every mail in the SES emulator's store whose recipient ends with `@domain`. */
export async function sesEmailsTo(domain: string): Promise<StoredEmail[]> {
  const response = await fetch(`${inject('sesEndpoint')}/store`);
  const store = (await response.json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) =>
    email.destination.to.some((to) => to.endsWith(`@${domain}`)),
  );
}

/** A subscriber record with sensible defaults. */
export function subscriber(email: string, overrides: Partial<Subscriber> = {}): Subscriber {
  const at = '2026-11-01T00:00:00.000Z';
  return {
    email,
    status: 'active',
    assets: [],
    createdAt: at,
    updatedAt: at,
    confirmedAt: at,
    consent: { at, form: 'integration-test', ip: '127.0.0.1' },
    ...overrides,
  };
}

/**
 * A {@link SubscriberStore} over an array, paging by position (the DynamoDB store
 * is another engineer's; these tests only need the port's paging contract).
 */
export class ArraySubscriberStore implements SubscriberStore {
  public constructor(public readonly rows: Subscriber[]) {}
  public async upsert(row: Subscriber): Promise<void> {
    const at = this.rows.findIndex((existing) => existing.email === row.email);
    if (at === -1) this.rows.push(row);
    else this.rows[at] = row;
  }
  public async get(email: string): Promise<Subscriber | null> {
    return this.rows.find((row) => row.email === email) ?? null;
  }
  public async listActive(query: ActiveSubscriberQuery): Promise<SubscriberPage> {
    const start = Number(query.cursor ?? '0');
    const slice = this.rows.slice(start, start + query.pageSize);
    const end = start + slice.length;
    return {
      subscribers: slice.filter(
        (row) =>
          row.status === 'active' &&
          (query.asset === undefined || subscriberWantsAssets(row, [query.asset])),
      ),
      nextCursor: end < this.rows.length ? String(end) : null,
    };
  }
  public async setStatus(
    email: string,
    status: SubscriberStatus,
    atIso: string,
  ): Promise<Subscriber | null> {
    const row = await this.get(email);
    if (row === null) return null;
    const updated = { ...row, status, updatedAt: atIso };
    await this.upsert(updated);
    return updated;
  }
  public async setPreferences(
    email: string,
    preferences: SubscriberPreferences,
    atIso: string,
  ): Promise<Subscriber | null> {
    const row = await this.get(email);
    if (row === null || row.status !== 'active') return null;
    const updated = { ...row, ...preferences, updatedAt: atIso };
    await this.upsert(updated);
    return updated;
  }
  public async list(): Promise<Subscriber[]> {
    return [...this.rows];
  }
}
