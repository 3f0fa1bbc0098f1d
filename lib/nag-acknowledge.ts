import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct (and its children) with the reason
 * it is accepted. `findingId` is exact: `AwsSolutions-S1`, or `AwsSolutions-IAM5[Resource::…]`.
 *
 * @example
 * acknowledge(logBucket, 'AwsSolutions-S1', 'This bucket is the access-log target itself.');
 */
export function acknowledge(scope: IConstruct, findingId: string, reason: string): void {
  if (reason.trim().length < 20)
    throw new Error(`cdk-nag acknowledgement ${findingId} needs a real reason`);
  Validations.of(scope).acknowledge({ id: findingId, reason });
}
