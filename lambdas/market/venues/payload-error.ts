import { AftershockError } from '../../errors.ts';

/** A venue answered, but with something the collector cannot use (missing or non-numeric fields). */
export class VenuePayloadError extends AftershockError {
  public constructor(what: string, detail: string) {
    super(`unusable ${what}: ${detail}`);
    this.name = 'VenuePayloadError';
  }
}

/** A finite number from a venue field (string or number), or a {@link VenuePayloadError} naming it. */
export function requireNumber(value: unknown, what: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new VenuePayloadError(
      what,
      `expected a number, got ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return n;
}

/** Like {@link requireNumber} but null for an absent field. */
export function optionalNumber(value: unknown, what: string): number | null {
  return value === undefined || value === null ? null : requireNumber(value, what);
}
