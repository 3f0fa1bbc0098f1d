import { AftershockError } from '../../errors.ts';

/**
 * A history file cannot be used as it is (wrong columns, mixed bar sizes,
 * unreadable numbers). The message names the file and says what was expected.
 */
export class HistoryDataError extends AftershockError {
  public readonly file: string;
  public constructor(file: string, message: string, options?: ErrorOptions) {
    super(`${file}: ${message}`, options);
    this.name = 'HistoryDataError';
    this.file = file;
  }
}
