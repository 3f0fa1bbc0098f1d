import type { ReportMeta } from '../model/index.ts';
import type { Subscriber, SubscriberStatus } from './subscriber.ts';

/** One file to store on the site, with the HTTP headers it is to be served with. */
export interface SiteFileWrite {
  /** Site-relative key, no leading slash, e.g. `reports/2026/11/25/btc-long-flush/index.html`. */
  key: string;
  body: string | Uint8Array;
  contentType: string;
  cacheControl: string;
}

/** A text file read together with the version a conditional write can be made against. */
export interface VersionedText {
  text: string;
  /** Opaque: S3's ETag, a content hash locally. Equal versions mean equal files. */
  version: string;
}

/**
 * Where the static site lives: a folder locally, an S3 bucket in AWS.
 * Implementations overwrite an existing key whole (never a partial file).
 */
export interface SiteStore {
  /** Writes one file, replacing any file under the same key. */
  putFile(file: SiteFileWrite): Promise<void>;
  /** Reads a text file back; `null` when the key does not exist. */
  getText(key: string): Promise<string | null>;
  /** Reads a text file with its version; `null` when the key does not exist. */
  getTextVersion(key: string): Promise<VersionedText | null>;
  /**
   * Writes the file only while the stored version is still `expectedVersion` (`null`: only
   * while the key does not exist), atomically with respect to every other writer (S3
   * `If-Match` / `If-None-Match: *`; a lock file locally). Throws WriteConflictError when
   * another writer got there first; the caller reads again and retries.
   */
  putFileIfVersion(file: SiteFileWrite, expectedVersion: string | null): Promise<void>;
}

/** One raw MIME message for one recipient. */
export interface OutgoingMessage {
  to: string;
  /** Complete RFC 5322 message, headers included (as SES `SendRawEmail` takes it). */
  raw: Uint8Array | string;
  /** The report it carries; adapters use it to tag or file the message. */
  reportId: string;
}

/** Sends one message: an outbox folder locally, SES in AWS. */
export interface Mailer {
  /** Sends or files the message; rejects when it was not accepted. */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
}

/** Query of {@link SubscriberStore.listActive}. */
export interface ActiveSubscriberQuery {
  /** Only subscribers who want this asset (or all assets); all active ones when absent. */
  asset?: string;
  /** Most subscribers per page; a page may hold fewer even when more follow. */
  pageSize: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
}

/** One page of subscribers. Stop paging only when `nextCursor` is null. */
export interface SubscriberPage {
  subscribers: Subscriber[];
  nextCursor: string | null;
}

/** Keeps subscribers: a JSON file locally, DynamoDB in AWS. Emails are normalised. */
export interface SubscriberStore {
  /** Inserts the subscriber or replaces the one with the same email. */
  upsert(subscriber: Subscriber): Promise<void>;
  /** The subscriber with this email, or null. */
  get(email: string): Promise<Subscriber | null>;
  /** Pages through active subscribers (see {@link ActiveSubscriberQuery}). */
  listActive(query: ActiveSubscriberQuery): Promise<SubscriberPage>;
  /**
   * Sets the status and `updatedAt` (and `confirmedAt` on first activation);
   * returns the updated subscriber, or null when there is none with this email.
   */
  setStatus(email: string, status: SubscriberStatus, atIso: string): Promise<Subscriber | null>;
  /** Every readable subscriber, any status (for admin and tests; not for fan-out). */
  list(): Promise<Subscriber[]>;
}

/**
 * A {@link SubscriberStore} that can replace a record only if nobody changed it since it was
 * read (optimistic concurrency), for the sign-up, where two requests for one address may race.
 */
export interface ConditionalSubscriberStore extends SubscriberStore {
  /**
   * Writes `subscriber` only while the stored record's `updatedAt` is still
   * `expectedUpdatedAt` (`null`: only while none is stored). False when it changed meanwhile.
   */
  replaceIfUnchanged(subscriber: Subscriber, expectedUpdatedAt: string | null): Promise<boolean>;
}

/**
 * Records which report went to whom, so a retried or duplicated send never
 * mails anyone twice: a file locally, a DynamoDB conditional put in AWS.
 */
export interface SendLedger {
  /**
   * Claims the right to send `reportId` to `email`. True when this caller may
   * send (no entry yet, or only a failed attempt); false when already claimed
   * or sent. A claim left by a sender that died stays claimed: at most once.
   */
  claim(reportId: string, email: string): Promise<boolean>;
  /** Records a successful send of a claimed message. */
  markSent(
    reportId: string,
    email: string,
    receipt: { messageId: string; atIso: string },
  ): Promise<void>;
  /** Records a failed send; the entry may be claimed again by a later run. */
  markFailed(
    reportId: string,
    email: string,
    failure: { reason: string; atIso: string },
  ): Promise<void>;
}

/**
 * Sets a report page's previous/next navigation (the report module renders it; the
 * publisher only knows when to call it). Without one, pages are published as rendered.
 */
export interface ReportPageLinker {
  /** Ids of the reports `id` sits between in `reports` (its previous and next). */
  neighbourIds(reports: ReportMeta[], id: string): string[];
  /** `pageHtml` with its navigation set for `meta` within `reports`. */
  linkPage(pageHtml: string, meta: ReportMeta, reports: ReportMeta[]): string;
}
