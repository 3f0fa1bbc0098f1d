import { AftershockError } from '../errors.ts';

/** A header value carried CR or LF, which would let it inject further headers. */
export class HeaderInjectionError extends AftershockError {
  public readonly header: string;
  public constructor(header: string, options?: ErrorOptions) {
    super(`Header "${header}" contains a line break (CR or LF) and was refused`, options);
    this.name = 'HeaderInjectionError';
    this.header = header;
  }
}

/** Why a subscription token was refused. */
export type InvalidTokenReason = 'malformed' | 'forged' | 'wrong-purpose' | 'expired';

/** A confirm/unsubscribe token is forged, altered, expired, for another purpose or malformed. */
export class InvalidTokenError extends AftershockError {
  public readonly reason: InvalidTokenReason;
  public constructor(reason: InvalidTokenReason, options?: ErrorOptions) {
    super(`The link is not valid (${reason}); request a new one`, options);
    this.name = 'InvalidTokenError';
    this.reason = reason;
  }
}

/** An email address is not acceptable (syntax, length, line breaks). */
export class InvalidEmailError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidEmailError';
  }
}

/** A stored file (subscribers, ledger, manifest) cannot be read as the format it should have. */
export class StoreFormatError extends AftershockError {
  public readonly file: string;
  public constructor(file: string, message: string, options?: ErrorOptions) {
    super(`${file} is not readable: ${message}`, options);
    this.name = 'StoreFormatError';
    this.file = file;
  }
}

/** A lock file stayed held longer than the caller would wait; names the file and its holder. */
export class FileLockTimeoutError extends AftershockError {
  public readonly lockPath: string;
  public constructor(
    lockPath: string,
    waitedMs: number,
    holderPid?: number,
    options?: ErrorOptions,
  ) {
    const holder = holderPid === undefined ? '' : ` by process ${holderPid}`;
    super(
      `${lockPath} is still held${holder} after ${waitedMs} ms; if no Aftershock process is running, delete it`,
      options,
    );
    this.name = 'FileLockTimeoutError';
    this.lockPath = lockPath;
  }
}

/**
 * A conditional write lost to another writer: the stored file is no longer the version it was
 * read at (S3 answered 412 PreconditionFailed or 409 ConditionalRequestConflict). Read again and retry.
 */
export class WriteConflictError extends AftershockError {
  public readonly target: string;
  public constructor(target: string, options?: ErrorOptions) {
    super(`${target} was changed by another writer since it was read`, options);
    this.name = 'WriteConflictError';
    this.target = target;
  }
}
