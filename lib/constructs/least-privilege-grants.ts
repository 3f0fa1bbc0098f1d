import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../nag-acknowledge.ts';

/** The object-level S3 actions a function may be given; never `s3:*` or `GetObject*`. */
export type ObjectAction = 's3:GetObject' | 's3:PutObject';

/** What a function may do in one bucket. */
export interface BucketAccess {
  objects: readonly ObjectAction[];
  /** `s3:ListBucket`, limited to `prefix` when given. */
  list?: { prefix?: string };
}

function bucketToken(bucket: Bucket): string {
  const stack = Stack.of(bucket);
  return `<${stack.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>`;
}

/**
 * Grants exact S3 actions on a bucket's objects (and optionally listing). Object
 * ARNs end in `/*` by nature; that one cdk-nag IAM5 finding is acknowledged here,
 * on the role, with its exact resource.
 */
export function grantBucketAccess(role: Role, bucket: Bucket, access: BucketAccess): void {
  role.addToPolicy(
    new PolicyStatement({ actions: [...access.objects], resources: [bucket.arnForObjects('*')] }),
  );
  if (access.list) {
    const prefix = access.list.prefix;
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
      }),
    );
  }
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${bucketToken(bucket)}/*]`,
    'Objects are written and read under keys chosen at run time (dated snapshots, report pages); the bucket itself is fixed.',
  );
}
