import { Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../nag-acknowledge.ts';

/** The object-level S3 actions a function may be given; never `s3:*` or `GetObject*`. */
export type ObjectAction = 's3:GetObject' | 's3:PutObject';

/** What a function may do in one bucket. */
export interface BucketAccess {
  objects: readonly ObjectAction[];
  /**
   * Key prefixes the object actions are limited to, e.g. `snapshots/` (ARN `…/snapshots/*`).
   * Omitted only where the function's data is the whole bucket (the site).
   */
  prefixes?: readonly string[];
  /** `s3:ListBucket`, limited to `prefix` when given. */
  list?: { prefix?: string };
  /**
   * Why keys under each prefix (or the bucket) are only known at run time: the reason of the
   * cdk-nag IAM5 acknowledgement of this grant, which must be true of this function.
   */
  why: string;
}

function bucketToken(bucket: Bucket): string {
  const stack = Stack.of(bucket);
  return `<${stack.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>`;
}

/**
 * Grants exact S3 actions on a bucket's objects under the given prefixes (and optionally
 * listing). Object ARNs end in `*` by nature, since their keys are made at run time; that
 * cdk-nag IAM5 finding is acknowledged here, on the role, per exact resource, with `why`.
 */
export function grantBucketAccess(role: Role, bucket: Bucket, access: BucketAccess): void {
  const patterns = (access.prefixes ?? ['']).map((prefix) => `${prefix}*`);
  role.addToPolicy(
    new PolicyStatement({
      actions: [...access.objects],
      resources: patterns.map((pattern) => bucket.arnForObjects(pattern)),
    }),
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
  for (const pattern of patterns) {
    acknowledge(role, `AwsSolutions-IAM5[Resource::${bucketToken(bucket)}/${pattern}]`, access.why);
  }
}

/** The item-level DynamoDB actions a function may be given; never Scan/BatchWrite/Delete unless listed. */
export type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:Scan'
  | 'dynamodb:ConditionCheckItem';

/**
 * Grants exactly these actions on one table (no index: the tables have none), instead of
 * `grantReadWriteData`, which adds Scan, BatchWriteItem and DeleteItem over every record.
 */
export function grantTableActions(
  grantee: IGrantable,
  table: Table,
  actions: readonly ItemAction[],
): void {
  table.grant(grantee, ...actions);
}
