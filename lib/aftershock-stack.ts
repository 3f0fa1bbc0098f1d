import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SiteConstruct } from './constructs/site-construct.ts';

/** Aftershock's AWS resources; this file only wires the capability constructs together. */
export class AftershockStack extends Stack {
  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const site = new SiteConstruct(this, 'Site');
    new CfnOutput(this, 'SiteBucketName', { value: site.bucket.bucketName });
  }
}
