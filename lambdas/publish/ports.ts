import type { ReportMeta } from '../model/index.ts';
import type { SendJob } from './send-job.ts';
import type {
  ClaimRequest,
  ClaimResult,
  EventSettlement,
  LedgerEntry,
  LedgerStatus,
  SendOutcome,
} from './send-ledger-rules.ts';
import type { Subscriber, SubscriberPreferences, SubscriberStatus } from './subscriber.ts';

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

/**
 * The private store of rendered emails and send summaries (never served): a folder locally,
 * the data bucket in AWS. It has a site store's shape; the name says it is not the site.
 */
export type ArtifactStore = SiteStore;

/**
 * Where send jobs go: SQS in AWS; locally (and in AWS setups without a queue) an in-process
 * queue that runs the fan-out at once. Delivery may be duplicated; the send ledger makes a
 * duplicated job harmless.
 */
export interface SendJobQueue {
  enqueue(job: SendJob): Promise<void>;
}

/** One raw MIME message for one recipient. */
export interface OutgoingMessage {
  to: string;
  /** Complete RFC 5322 message, headers included (as SES `SendRawEmail` takes it). */
  raw: Uint8Array | string;
  /** The report it carries; adapters use it to tag or file the message. */
  reportId: string;
}

/** Options of one {@link Mailer.send}. */
export interface SendOptions {
  /** The run's abort signal: a send still in flight when it fires is given up (hard deadline). */
  signal?: AbortSignal | undefined;
}

/**
 * Sends one message: an outbox folder locally, SES in AWS. It rejects with the send errors of
 * `errors.ts`, which say what is known: `RetryableSendError` (throttled, not accepted),
 * `RecipientRejectedError` (never for this address), `SendOutcomeUnknownError` (may have been
 * accepted), `AccountSendingError` (nobody can be mailed now); anything else was not accepted.
 */
export interface Mailer {
  send(message: OutgoingMessage, options?: SendOptions): Promise<{ messageId: string }>;
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
  /**
   * Replaces an active subscriber's choices (assets and mail kinds) and sets `updatedAt`, in
   * one conditional write, so an unsubscribe or a bounce that lands meanwhile is never undone.
   * Returns the updated subscriber, or null when there is none with this email or it is not
   * active.
   */
  setPreferences(
    email: string,
    preferences: SubscriberPreferences,
    atIso: string,
  ): Promise<Subscriber | null>;
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
 * Records which report went to whom, so a retried, duplicated or crashed send never mails
 * anyone twice and never skips anyone silently: a locked file locally, DynamoDB conditional
 * writes in AWS. The states and their rules are in `send-ledger-rules.ts`.
 */
export interface SendLedger {
  /**
   * Claims the right to send one message: granted when there is no entry, a failed one, or an
   * unknown past its grace period (then as the one resend; see `decideClaim`). A claim past
   * its lease is first taken over as `unknown` (`tookOver`).
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /**
   * Records a sender's outcome against its own claim. Returns the entry's status afterwards:
   * the outcome's, or what was already there (an SES event that came first wins).
   */
  record(
    reportId: string,
    email: string,
    claimId: string,
    outcome: SendOutcome,
  ): Promise<LedgerStatus | null>;
  /**
   * Applies what an SES event says (`reportIdOrTag` is the event's `report` tag): settles a
   * claimed, unknown or failed entry; leaves a final one; `none` when no entry exists.
   */
  settle(
    reportIdOrTag: string,
    email: string,
    settlement: EventSettlement,
  ): Promise<'settled' | 'final' | 'none'>;
  /** Notes that this report was rejected for good at `email`; returns how many reports were. */
  recordRejection(reportId: string, email: string, atMs: number): Promise<number>;
  /** The entry of one message, or null (diagnostics, the chaos command, tests). */
  entry(reportId: string, email: string): Promise<LedgerEntry | null>;
}

/**
 * Sets a report page's previous/next navigation (the report module renders it; the
 * publisher only knows when to call it). Without one, pages are published as rendered.
 */
export interface ReportPageLinker {
  /**
   * The pages that carry navigation and are listed, one per story (a flush's flash and
   * follow-ups are one story, served at its own path as its newest version).
   */
  pages(reports: ReportMeta[]): ReportMeta[];
  /** The page of `pages(reports)` that `meta`'s story is served at. */
  pageOf(reports: ReportMeta[], meta: ReportMeta): ReportMeta;
  /** Whether publishing `meta` replaces its story's page: it is the story's newest version. */
  updatesPage(reports: ReportMeta[], meta: ReportMeta): boolean;
  /** Ids of the pages the page `pageId` sits between (its previous and next). */
  neighbourIds(reports: ReportMeta[], pageId: string): string[];
  /** The readings kept under story page `pageId` with pages of their own (they link each other). */
  versionsOf(reports: ReportMeta[], pageId: string): ReportMeta[];
  /**
   * `pageHtml`, served at `at.path`, with the navigation of the page `at.pageId` within
   * `reports` (a version's own page carries its story's navigation).
   */
  linkPage(pageHtml: string, at: { path: string; pageId: string }, reports: ReportMeta[]): string;
}
