import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, synthTestStack } from './synth-test-stack.ts';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let template: Template;
/** Role logical id (without CDK's hash) → the statements of its policies. */
let statementsByRole: Map<string, Statement[]>;

beforeAll(() => {
  template = synthTestStack().template;
  statementsByRole = new Map();
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const roles = policy.Properties.Roles as Array<{ Ref: string }>;
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    for (const role of roles) {
      const name = role.Ref.replace(/[0-9A-F]{8}$/, '');
      statementsByRole.set(name, [...(statementsByRole.get(name) ?? []), ...statements]);
    }
  }
}, 180_000);

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function actionsOf(role: string): string[] {
  const statements = statementsByRole.get(role);
  expect(statements, `policies of ${role}`).toBeDefined();
  return [...new Set((statements ?? []).flatMap((s) => asList(s.Action)))].sort();
}

/** `{ "Fn::Join": ["", [{ "Fn::GetAtt": [bucket, "Arn"] }, "/prefix/*"]] }` — objects of a bucket (under a prefix). */
function bucketObjectPattern(resource: unknown, bucketIds: Set<string>): string | null {
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const [first, second] = join?.[1] ?? [];
  const target = (first as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
  const isBucket = target !== undefined && bucketIds.has(target[0]) && target[1] === 'Arn';
  return isBucket && typeof second === 'string' && /^\/([a-z-]+\/)*\*$/.test(second)
    ? second
    : null;
}

/** The object patterns a role may use in each bucket, e.g. `DataDataBucket /snapshots/*`. */
function objectPatternsOf(role: string): string[] {
  const bucketIds = new Set(resourcesOf(template, 'AWS::S3::Bucket').map(([id]) => id));
  return (statementsByRole.get(role) ?? [])
    .flatMap((s) => asList(s.Resource))
    .flatMap((resource) => {
      const pattern = bucketObjectPattern(resource, bucketIds);
      const bucket = JSON.stringify(resource).match(/"(\w+Bucket)[0-9A-F]{8}"/)?.[1];
      return pattern === null ? [] : [`${bucket} ${pattern}`];
    })
    .sort();
}

describe('IAM least privilege', () => {
  it('never grants on "*" and uses a wildcard only for the objects of a named bucket', () => {
    const bucketIds = new Set(resourcesOf(template, 'AWS::S3::Bucket').map(([id]) => id));
    const policies = [
      ...resourcesOf(template, 'AWS::IAM::Policy'),
      ...resourcesOf(template, 'AWS::IAM::ManagedPolicy'),
    ];
    expect(policies.length).toBeGreaterThan(10);
    for (const [id, policy] of policies) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] })
        .Statement) {
        for (const action of asList(statement.Action))
          expect(action, `${id} action`).not.toContain('*');
        for (const resource of asList(statement.Resource)) {
          if (!JSON.stringify(resource).includes('*')) continue;
          expect(
            bucketObjectPattern(resource, bucketIds),
            `${id}: ${JSON.stringify(resource)}`,
          ).not.toBeNull();
        }
      }
    }
  });

  it('gives the collector only its log group and the data bucket', () => {
    expect(actionsOf('CollectionCollectorRole')).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
  });

  it('keeps S3 away from the subscription endpoints and SES away from the collector and SES events', () => {
    for (const role of [
      'SubscriptionApiSubscribeRole',
      'SubscriptionApiConfirmRole',
      'SubscriptionApiUnsubscribeRole',
      'SubscriptionApiPreferencesRole',
    ]) {
      expect(
        actionsOf(role).filter((a) => a.startsWith('s3:')),
        role,
      ).toEqual([]);
    }
    for (const role of [
      'CollectionCollectorRole',
      'SendingSesEventsRole',
      'SubscriptionApiConfirmRole',
      'SubscriptionApiPreferencesRole',
    ]) {
      expect(actionsOf(role), role).not.toContain('ses:SendRawEmail');
    }
  });

  it('lets only the token signers and verifiers read the HMAC secret', () => {
    const readers = [...statementsByRole.keys()].filter((role) =>
      actionsOf(role).includes('secretsmanager:GetSecretValue'),
    );
    const tokenSecretReaders = readers.filter((role) =>
      JSON.stringify(statementsByRole.get(role)).includes('MailingTokenSecret'),
    );
    expect(tokenSecretReaders.sort(), 'the subscribe endpoint signs nothing any more').toEqual([
      'ReportingDetectRole',
      'ReportingDigestRole',
      'ReportingReportRole',
      'SendingSendRole',
      'SubscriptionApiConfirmRole',
      'SubscriptionApiConfirmationMailRole',
      // It signs the unsubscribe link it shows beside the form.
      'SubscriptionApiPreferencesRole',
      'SubscriptionApiUnsubscribeRole',
    ]);
  });

  it('scopes ses:SendRawEmail to the SES identity and the configuration set', () => {
    const sesStatements = [...statementsByRole.values()]
      .flat()
      .filter((s) => asList(s.Action).includes('ses:SendRawEmail'));
    expect(sesStatements.length).toBeGreaterThan(0);
    for (const statement of sesStatements) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(':identity/example.com');
      expect(resources).toContain(':configuration-set/');
      expect(asList(statement.Resource)).toHaveLength(2);
    }
  });

  it('scopes data-bucket objects to the prefixes each function uses (audit D18)', () => {
    expect(objectPatternsOf('CollectionCollectorRole')).toEqual([
      'DataDataBucket /markets/*',
      'DataDataBucket /rollups/*',
      'DataDataBucket /snapshots/*',
    ]);
    expect(objectPatternsOf('ReportingDetectRole')).toEqual([
      'DataDataBucket /report-mail/*',
      'DataDataBucket /rollups/*',
      'DataDataBucket /snapshots/*',
      'SiteSiteBucket /*',
    ]);
    expect(objectPatternsOf('SendingSendRole')).toEqual(['DataDataBucket /report-mail/*']);
  });

  it('gives the public functions Get/Update on one subscriber, and the subscribe endpoint no subscriber at all', () => {
    const dynamo = (role: string) => actionsOf(role).filter((a) => a.startsWith('dynamodb:'));
    expect(dynamo('SubscriptionApiSubscribeRole'), 'only its rate counter').toEqual([
      'dynamodb:UpdateItem',
    ]);
    for (const role of [
      'SubscriptionApiConfirmRole',
      'SubscriptionApiUnsubscribeRole',
      'SubscriptionApiPreferencesRole',
    ]) {
      expect(dynamo(role), role).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    }
    expect(dynamo('SubscriptionApiConfirmationMailRole')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    // SES events read and settle a ledger entry (Get/Put) and set a subscriber's status (Update).
    expect(dynamo('SendingSesEventsRole')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    for (const role of [...statementsByRole.keys()].filter((r) =>
      r.startsWith('SubscriptionApi'),
    )) {
      for (const broad of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']) {
        expect(actionsOf(role), role).not.toContain(broad);
      }
    }
  });

  it('writes logs only to the function’s own log group', () => {
    for (const [role, statements] of statementsByRole) {
      for (const statement of statements.filter((s) =>
        asList(s.Action).includes('logs:PutLogEvents'),
      )) {
        const target = (statement.Resource as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
        expect(target.replace(/Logs[0-9A-F]{8}$/, ''), role).toBe(role.replace(/Role$/, ''));
      }
    }
  });
});
