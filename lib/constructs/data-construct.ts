import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SUBSCRIBER_TTL_ATTRIBUTE } from '../../lambdas/publish/aws/dynamo-subscriber-store.ts';

/** TTL attribute of the send ledger (epoch seconds), written by `DynamoSendLedger`. */
export const LEDGER_TTL_ATTRIBUTE = 'expiresAt';

function privateBucket(
  scope: Construct,
  id: string,
  extra: Partial<ConstructorParameters<typeof Bucket>[2]>,
) {
  return new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...extra,
  });
}

function table(scope: Construct, id: string, props: ConstructorParameters<typeof Table>[2]) {
  return new Table(scope, id, {
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
}

/**
 * Everything the functions keep: snapshots and artifacts (S3), subscribers, the send
 * ledger and flush state (DynamoDB), plus the bucket receiving access logs.
 */
export class DataConstruct extends Construct {
  /** Target of S3 server access logs and CloudFront standard logs. */
  public readonly accessLogs: Bucket;
  /**
   * Market snapshots (`snapshots/…`), day rollups (`rollups/…`, read by every detection run, so
   * they stay in standard storage), rendered emails and send summaries.
   */
  public readonly dataBucket: Bucket;
  public readonly subscribers: Table;
  public readonly ledger: Table;
  public readonly flushState: Table;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogs = privateBucket(this, 'AccessLogs', {
      // CloudFront standard logging writes with ACLs, so ACLs stay enabled here only.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.dataBucket = privateBucket(this, 'DataBucket', {
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'data-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'snapshots-to-cheaper-storage',
          prefix: 'snapshots/',
          // Snapshots are read for a few hours (rollups, ad-hoc reports) and then only by replays
          // and `rollups rebuild`.
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(120),
            },
          ],
        },
      ],
    });
    this.subscribers = table(this, 'Subscribers', {
      partitionKey: { name: 'email', type: AttributeType.STRING },
      timeToLiveAttribute: SUBSCRIBER_TTL_ATTRIBUTE,
    });
    this.ledger = table(this, 'SendLedger', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      timeToLiveAttribute: LEDGER_TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Must match FLUSH_STATE_TABLE_KEYS in lambdas/publish/flush-state/dynamo-flush-state-store.ts.
    this.flushState = table(this, 'FlushState', {
      partitionKey: { name: 'asset', type: AttributeType.STRING },
      sortKey: { name: 'key', type: AttributeType.STRING },
    });
  }
}
