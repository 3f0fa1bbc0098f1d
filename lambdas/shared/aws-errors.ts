/**
 * Classifiers of AWS SDK v3 errors by their `name` and HTTP status, so callers need not import
 * a client package's exception classes (every SDK exception carries its `name`).
 */

function nameOf(error: unknown): unknown {
  return (error as { name?: unknown } | null)?.name;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** True for DynamoDB's answer to a write whose condition did not hold. */
export function isDynamoConditionFailure(error: unknown): boolean {
  return nameOf(error) === 'ConditionalCheckFailedException';
}

/** True for S3's "no such key" (GetObject's `NoSuchKey`, HeadObject's `NotFound`). */
export function isS3MissingKey(error: unknown): boolean {
  const name = nameOf(error);
  return name === 'NoSuchKey' || name === 'NotFound';
}

/**
 * True for S3's answers to a conditional write that lost: 412 PreconditionFailed (the ETag
 * moved, or the key exists for `If-None-Match: *`) and 409 ConditionalRequestConflict (two
 * conditional writes raced).
 */
export function isS3ConditionFailure(error: unknown): boolean {
  const name = nameOf(error);
  const status = statusOf(error);
  return (
    name === 'PreconditionFailed' ||
    name === 'ConditionalRequestConflict' ||
    status === 412 ||
    status === 409
  );
}
