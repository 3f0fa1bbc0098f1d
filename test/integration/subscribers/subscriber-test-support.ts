import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { simpleParser } from 'mailparser';
import type { Mailer, OutgoingMessage } from '../../../lambdas/publish/index.ts';
import { createActiveTable, uniqueName } from '../publish/aws-test-support.ts';

/** Creates a subscribers table (string key `email`) on dynalite and returns its name. */
export async function createSubscribersTable(doc: DynamoDBDocumentClient): Promise<string> {
  return createActiveTable(doc, {
    TableName: uniqueName('subscribers'),
    AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}

/** A mailer that keeps every message it passes on (to a real mailer, or nowhere). */
export class RecordingMailer implements Mailer {
  public readonly sent: OutgoingMessage[] = [];
  public constructor(private readonly next?: Mailer) {}
  public async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    this.sent.push(message);
    return this.next === undefined
      ? { messageId: `<${this.sent.length}@test>` }
      : this.next.send(message);
  }
}

/** The `token` query parameter of the confirmation link in a raw confirmation email. */
export async function confirmTokenFrom(message: OutgoingMessage): Promise<string> {
  const parsed = await simpleParser(Buffer.from(message.raw));
  const link = /https?:\/\/\S+\/api\/confirm\?token=[A-Za-z0-9._-]+/.exec(parsed.text ?? '')?.[0];
  if (link === undefined) throw new Error('no confirmation link in the text part');
  const token = new URL(link).searchParams.get('token');
  if (token === null) throw new Error('confirmation link without token');
  return token;
}

/** Creates a rate-limit table (string key `key`, as the stack's) on dynalite and returns its name. */
export async function createRateLimitTable(doc: DynamoDBDocumentClient): Promise<string> {
  return createActiveTable(doc, {
    TableName: uniqueName('rate-limits'),
    AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}
