// The error classes ccxt throws, imported by file for the same bundle-size reason as the loader.
export {
  BadSymbol,
  ExchangeClosedByUser,
  ExchangeNotAvailable,
  NetworkError,
  NotSupported,
  OperationFailed,
  RateLimitExceeded,
  RequestTimeout,
} from '../../../node_modules/ccxt/js/src/base/errors.js';
