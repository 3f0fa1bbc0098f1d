/**
 * The message of any thrown value: an Error's `message`, anything else as a string.
 *
 * @example
 * errorText(new Error('boom')); // 'boom'
 * errorText('plain'); // 'plain'
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
