import { AftershockError } from '../errors.ts';
import { readTextOrNull, writeFileAtomic } from '../shared/atomic-file.ts';
import { withFileLock } from './file-lock.ts';
import { normalizeEmail } from './normalize-email.ts';
import type { ActiveSubscriberQuery, ConditionalSubscriberStore, SubscriberPage } from './ports.ts';
import { StoreFormatError } from './publish-errors.ts';
import {
  type Subscriber,
  type SubscriberPreferences,
  type SubscriberStatus,
  subscriberSchema,
  subscriberWantsAssets,
} from './subscriber.ts';

/** A stored record that failed validation: its position in the file and why. */
export interface InvalidSubscriberRecord {
  index: number;
  reason: string;
}

/** The file read back: raw records (kept so a rewrite never drops them) and the valid ones. */
interface SubscriberFile {
  raw: unknown[];
  /** Valid subscribers with their index in `raw`. */
  valid: Array<{ index: number; subscriber: Subscriber }>;
  invalid: InvalidSubscriberRecord[];
}

function describeIssues(error: {
  issues: Array<{ path: PropertyKey[]; message: string }>;
}): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`)
    .join('; ');
}

function validSubscriber(record: Subscriber): Subscriber {
  const parsed = subscriberSchema.safeParse(record);
  if (parsed.success) return parsed.data;
  throw new AftershockError(`Subscriber not stored: ${describeIssues(parsed.error)}`);
}

function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d+$/.test(cursor))
    throw new AftershockError(`Invalid subscriber page cursor "${cursor}"`);
  return Number(cursor);
}

/**
 * Local {@link SubscriberStore} over a JSON file holding an array of
 * subscribers. Every record is validated on read: a malformed one is reported
 * through `onInvalid` with its index and skipped (and kept as it is on
 * rewrite). A missing file is an empty list. Every read-modify-write holds the file's lock
 * across processes (publish/file-lock.ts) and replaces the file atomically, so two CLI or
 * preview processes never lose each other's writes (reliability audit #34: 107 of 200 lost
 * by 4 processes; #35: 1 of 6 concurrent `subscribers add`). Reads take no lock.
 */
export class JsonSubscriberStore implements ConditionalSubscriberStore {
  /** Records already reported, so paging does not report the same one on every page. */
  private readonly reported = new Set<string>();

  public constructor(
    public readonly filePath: string,
    private readonly onInvalid: (record: InvalidSubscriberRecord) => void = () => undefined,
  ) {}

  /** Reads the file and reports malformed records; for diagnostics and tests. */
  public async load(): Promise<{ subscribers: Subscriber[]; invalid: InvalidSubscriberRecord[] }> {
    const file = await this.read();
    return { subscribers: file.valid.map((entry) => entry.subscriber), invalid: file.invalid };
  }

  /** Inserts or replaces by (normalised) email. */
  public upsert(subscriber: Subscriber): Promise<void> {
    const record = validSubscriber({ ...subscriber, email: normalizeEmail(subscriber.email) });
    return this.locked(async (file) => {
      const existing = file.valid.find((entry) => entry.subscriber.email === record.email);
      if (existing === undefined) file.raw.push(record);
      else file.raw[existing.index] = record;
      return { result: undefined, write: true };
    });
  }

  /**
   * Writes `subscriber` only while the stored record's `updatedAt` is still `expectedUpdatedAt`
   * (null: while there is none), checked and written under the lock; false when it changed.
   */
  public replaceIfUnchanged(
    subscriber: Subscriber,
    expectedUpdatedAt: string | null,
  ): Promise<boolean> {
    const record = validSubscriber({ ...subscriber, email: normalizeEmail(subscriber.email) });
    return this.locked(async (file) => {
      const existing = file.valid.find((entry) => entry.subscriber.email === record.email);
      const current = existing?.subscriber.updatedAt ?? null;
      if (current !== expectedUpdatedAt) return { result: false, write: false };
      if (existing === undefined) file.raw.push(record);
      else file.raw[existing.index] = record;
      return { result: true, write: true };
    });
  }

  /** The subscriber with this email (normalised first), or null. */
  public async get(email: string): Promise<Subscriber | null> {
    const wanted = normalizeEmail(email);
    const file = await this.read();
    return file.valid.find((entry) => entry.subscriber.email === wanted)?.subscriber ?? null;
  }

  /** Active subscribers wanting `asset` (or all), `pageSize` at most; the cursor is a file position. */
  public async listActive(query: ActiveSubscriberQuery): Promise<SubscriberPage> {
    const start = parseCursor(query.cursor);
    const pageSize = Math.max(1, Math.trunc(query.pageSize));
    const matches = (await this.read()).valid.filter(
      ({ index, subscriber }) =>
        index >= start &&
        subscriber.status === 'active' &&
        (query.asset === undefined || subscriberWantsAssets(subscriber, [query.asset])),
    );
    const page = matches.slice(0, pageSize);
    const last = page.at(-1);
    const hasMore = matches.length > pageSize && last !== undefined;
    return {
      subscribers: page.map((entry) => entry.subscriber),
      nextCursor: hasMore ? String(last.index + 1) : null,
    };
  }

  /** Sets status and `updatedAt`; the first activation also sets `confirmedAt`. */
  public setStatus(
    email: string,
    status: SubscriberStatus,
    atIso: string,
  ): Promise<Subscriber | null> {
    const wanted = normalizeEmail(email);
    return this.locked(async (file) => {
      const existing = file.valid.find((entry) => entry.subscriber.email === wanted);
      if (existing === undefined) return { result: null, write: false };
      const updated: Subscriber = { ...existing.subscriber, status, updatedAt: atIso };
      if (status === 'active' && updated.confirmedAt === undefined) updated.confirmedAt = atIso;
      if (status !== 'pending') {
        // Leaving `pending` ends the sign-up: its expiry and confirmation nonce go with it.
        delete updated.expiresAt;
        delete updated.confirmationNonce;
      }
      file.raw[existing.index] = validSubscriber(updated);
      return { result: updated, write: true };
    });
  }

  /** Replaces an active subscriber's assets and mail kinds; null when absent or not active. */
  public setPreferences(
    email: string,
    preferences: SubscriberPreferences,
    atIso: string,
  ): Promise<Subscriber | null> {
    const wanted = normalizeEmail(email);
    return this.locked(async (file) => {
      const existing = file.valid.find((entry) => entry.subscriber.email === wanted);
      if (existing === undefined || existing.subscriber.status !== 'active') {
        return { result: null, write: false };
      }
      const updated: Subscriber = {
        ...existing.subscriber,
        assets: preferences.assets.map((asset) => asset.toUpperCase()),
        wants: [...preferences.wants],
        updatedAt: atIso,
      };
      file.raw[existing.index] = validSubscriber(updated);
      return { result: updated, write: true };
    });
  }

  /** Reads the file under its lock, lets `change` edit `raw`, and writes it back when asked. */
  private locked<T>(
    change: (file: SubscriberFile) => Promise<{ result: T; write: boolean }>,
  ): Promise<T> {
    return withFileLock(this.filePath, async () => {
      const file = await this.read();
      const { result, write } = await change(file);
      if (write) await writeFileAtomic(this.filePath, `${JSON.stringify(file.raw, null, 2)}\n`);
      return result;
    });
  }

  /** Every valid subscriber, any status. */
  public async list(): Promise<Subscriber[]> {
    return (await this.load()).subscribers;
  }

  private async read(): Promise<SubscriberFile> {
    const text = await readTextOrNull(this.filePath);
    if (text === null) return { raw: [], valid: [], invalid: [] };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new StoreFormatError(this.filePath, 'it is not valid JSON', { cause: error });
    }
    if (!Array.isArray(json)) {
      throw new StoreFormatError(this.filePath, 'it must hold an array of subscribers');
    }
    const file: SubscriberFile = { raw: json, valid: [], invalid: [] };
    json.forEach((record: unknown, index) => {
      const parsed = subscriberSchema.safeParse(record);
      if (parsed.success) file.valid.push({ index, subscriber: parsed.data });
      else file.invalid.push({ index, reason: describeIssues(parsed.error) });
    });
    for (const invalid of file.invalid) this.reportOnce(invalid);
    return file;
  }

  private reportOnce(invalid: InvalidSubscriberRecord): void {
    const key = `${invalid.index}:${invalid.reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.onInvalid(invalid);
  }
}
