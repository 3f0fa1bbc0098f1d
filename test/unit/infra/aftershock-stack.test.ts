import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AftershockStack } from '../../../lib/aftershock-stack.ts';

describe('AftershockStack', () => {
  const template = Template.fromStack(new AftershockStack(new App(), 'Test'));

  it('keeps the site bucket private, versioned and encrypted', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.objectLike({}),
    });
  });

  it('refuses plain-HTTP access to the site bucket', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(
      JSON.stringify(statements),
      'enforceSSL adds a Deny on aws:SecureTransport=false',
    ).toContain('aws:SecureTransport');
  });
});
