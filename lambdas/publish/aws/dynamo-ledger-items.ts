import type { LedgerEntry } from '../send-ledger-rules.ts';

/** The attributes of a ledger item that make up its {@link LedgerEntry}. */
export const ENTRY_FIELDS = [
  'status',
  'attempts',
  'claimId',
  'claimedAt',
  'leaseUntil',
  'resent',
  'unknownSince',
  'messageId',
  'reason',
  'updatedAt',
] as const;

/** A ledger item as DynamoDB holds it: the entry plus `pk`, ids, `version` and `expiresAt`. */
export type Item = Record<string, unknown> & { version?: number };

/** The entry an item holds, or null for no item. */
export function entryOf(item: Item | undefined): LedgerEntry | null {
  if (item === undefined) return null;
  const picked = Object.fromEntries(ENTRY_FIELDS.map((field) => [field, item[field]]));
  // Entries written before leases had no `attempts`: each had been claimed once.
  return { ...picked, attempts: Number(item.attempts ?? 1) } as LedgerEntry;
}

/** The item's attributes that are not entry fields (the entry is written whole, fields may go). */
export function keyAttributes(
  item: Item | undefined,
  pk: string,
  reportId: string,
  email: string,
): Item {
  if (item === undefined) return { pk, reportId, email };
  const kept: Item = { ...item };
  for (const field of ENTRY_FIELDS) delete kept[field];
  return kept;
}
