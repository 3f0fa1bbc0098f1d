import { RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The static blog's storage: a private, versioned, TLS-only bucket.
 * CloudFront with origin access control is added by the deployment issue.
 */
export class SiteConstruct extends Construct {
  /** Bucket holding `index.html`, `reports/…`, feeds and sitemap. */
  public readonly bucket: Bucket;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Published reports are the product; losing them on stack deletion is never intended.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
