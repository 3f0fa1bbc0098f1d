import { gunzipSync, gzipSync } from 'node:zlib';
import { AftershockError } from '../../errors.ts';
import { type DayRollup, dayRollupSchema } from '../../model/index.ts';

/** A stored rollup that cannot be read (not gzip, not JSON, wrong schema or day). */
export class RollupDataError extends AftershockError {
  public readonly key: string;
  /** The unreadable object's version, so a rebuild can replace it conditionally. */
  public version: string | null = null;
  public constructor(key: string, reason: string, options?: ErrorOptions) {
    super(
      `Rollup ${key} is unreadable (${reason}); rebuild it with "aftershock rollups rebuild".`,
      options,
    );
    this.name = 'RollupDataError';
    this.key = key;
  }
}

/** Gzip JSON of a validated rollup. */
export function encodeRollup(rollup: DayRollup): Buffer {
  return gzipSync(JSON.stringify(dayRollupSchema.parse(rollup)));
}

function firstIssue(error: unknown): string {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  const issue = issues?.[0];
  if (issue !== undefined) return `${issue.path.join('.') || 'root'}: ${issue.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses stored bytes back into the rollup of `day`, validating every field.
 * @throws RollupDataError naming `key` and what is wrong, never a half-read rollup.
 */
export function decodeRollup(bytes: Uint8Array, key: string, day: string): DayRollup {
  let rollup: DayRollup;
  try {
    rollup = dayRollupSchema.parse(JSON.parse(gunzipSync(bytes).toString('utf8')));
  } catch (error) {
    throw new RollupDataError(key, firstIssue(error), { cause: error });
  }
  if (rollup.day !== day) throw new RollupDataError(key, `it holds ${rollup.day}, not ${day}`);
  return rollup;
}
