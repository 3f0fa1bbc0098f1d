/**
 * Base class of every error Aftershock raises on purpose. The CLI prints its
 * message without a stack trace: these are user-facing.
 */
export class AftershockError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AftershockError';
  }
}

/** A configuration value is invalid; the message names the setting and what is allowed. */
export class ConfigError extends AftershockError {
  public readonly setting: string;
  public constructor(setting: string, message: string, options?: ErrorOptions) {
    super(`Invalid setting "${setting}": ${message}`, options);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

/** A command-line argument is invalid. */
export class UsageError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A template referenced a value the view model does not have. */
export class TemplateRenderError extends AftershockError {
  public readonly template: string;
  public constructor(template: string, message: string, options?: ErrorOptions) {
    super(`Template "${template}" failed: ${message}`, options);
    this.name = 'TemplateRenderError';
    this.template = template;
  }
}

/** Input data cannot support an analysis (too short, no prices). */
export class InsufficientDataError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InsufficientDataError';
  }
}

/** The market had no market-wide flush to report by the report's time. */
export class NoMarketFlushError extends InsufficientDataError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NoMarketFlushError';
  }
}

/** Output could not be written (unwritable folder, full disk). */
export class PublishError extends AftershockError {
  public readonly target: string;
  public constructor(target: string, message: string, options?: ErrorOptions) {
    super(`Could not publish to ${target}: ${message}`, options);
    this.name = 'PublishError';
    this.target = target;
  }
}

/** The mail service refused for now (throttling, rate exceeded); the same send may succeed later. */
export class RetryableSendError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryableSendError';
  }
}

/** The mail service refused one recipient for good (e.g. SES `MessageRejected`); others continue. */
export class RecipientRejectedError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecipientRejectedError';
  }
}

/**
 * A fan-out stopped before reaching every subscriber (aborted, or throttled past
 * its retries); the ledger holds its progress and a re-run continues from there.
 */
export class SendInterruptedError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SendInterruptedError';
  }
}

/**
 * The mail service may have accepted the message, but its answer was lost (a 5xx, a timeout or a
 * connection lost after the request was written, an abort in flight). Never re-sent blindly: the
 * ledger records it `unknown` until an SES event settles it or its grace period ends.
 */
export class SendOutcomeUnknownError extends AftershockError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SendOutcomeUnknownError';
  }
}

/**
 * The mail service refuses the account, not the recipient (sending paused, MAIL FROM domain not
 * verified, configuration set missing, daily quota used up, credentials refused). No recipient
 * is to blame, so nobody is marked failed: the mailing stops at once.
 */
export class AccountSendingError extends AftershockError {
  /** The service's error name, e.g. `AccountSendingPausedException`. */
  public readonly code: string;
  public constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AccountSendingError';
    this.code = code;
  }
}

/**
 * A fan-out stopped on purpose before the end: an account-level refusal (`cause` is the
 * {@link AccountSendingError}) or too many failures in a row (listmonk's breaker; `cause` is the
 * last one). Like any interruption, the ledger keeps the progress and the queue retries later.
 */
export class SendingHaltedError extends SendInterruptedError {
  public readonly kind: 'account' | 'breaker';
  public constructor(kind: 'account' | 'breaker', message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SendingHaltedError';
    this.kind = kind;
  }
}
