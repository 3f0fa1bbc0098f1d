import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, inject, it } from 'vitest';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from './emulators.ts';

const clientConfig = { region: EMULATOR_REGION, credentials: EMULATOR_CREDENTIALS };

describe('local AWS emulators', () => {
  it('stores and returns an S3 object through the real SDK client', async () => {
    const s3 = new S3Client({
      ...clientConfig,
      endpoint: inject('s3Endpoint'),
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'emulator-probe' }));
    await s3.send(new PutObjectCommand({ Bucket: 'emulator-probe', Key: 'a.txt', Body: 'hello' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'emulator-probe', Key: 'a.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
  });

  it('answers DynamoDB calls', async () => {
    const dynamo = new DynamoDBClient({ ...clientConfig, endpoint: inject('dynamoEndpoint') });
    const tables = await dynamo.send(new ListTablesCommand({}));
    expect(Array.isArray(tables.TableNames)).toBe(true);
  });

  it('accepts a raw email and lists it in its store', async () => {
    const ses = new SESClient({ ...clientConfig, endpoint: inject('sesEndpoint') });
    const raw = 'From: a@example.com\r\nTo: probe@example.com\r\nSubject: probe\r\n\r\nhello\r\n';
    await ses.send(
      new SendRawEmailCommand({ RawMessage: { Data: new TextEncoder().encode(raw) } }),
    );
    const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as {
      emails: Array<{ subject: string }>;
    };
    expect(store.emails.some((e) => e.subject === 'probe')).toBe(true);
  });
});
