import type { ListUnsubscribe } from './mime/list-unsubscribe';
import type { DueEntry } from './domain/keep-in-touch';
import type {
  ActionList,
  Contact,
  DigestEvent,
  Interview,
  Note,
  OneTimeEvent,
  PendingInvitation,
  Suppression,
  TotalName,
  Totals,
  User,
} from './domain/model';

/**
 * The outside world, as the workflows see it. One port per outside system; each has an AWS
 * adapter and a local one, and the workflows never know which they hold.
 */

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new opaque id for a user. */
  newUserId(): string;
}

/** Thrown by conditional writes whose condition failed: the caller decides what that means. */
export class ConditionFailedError extends Error {
  override name = 'ConditionFailedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type SendLease =
  | { state: 'acquired'; token: string }
  | { state: 'sent'; messageId?: string }
  | { state: 'given-up' }
  | { state: 'pending'; expiresAt: Date };

/**
 * How a leased send ended: it went out, it was refused for good (never retried), or it was handed
 * to the send queue (its sender sends it once per key; the workflow never queues it again).
 */
export type SendEnding = { messageId: string } | { gaveUp: string } | { queued: string };

export type InboundLease = { state: 'acquired'; token: string } | { state: 'done' } | { state: 'pending'; expiresAt: Date };

/** What Store.historyPages pages through. */
export interface HistoryRecords {
  interviews: Interview;
  contacts: Contact;
  notes: Note;
}

export interface Store {
  getUser(userId: string): Promise<User | undefined>;
  /** The user that owns this sender address, if any. */
  findUserIdByEmail(email: string): Promise<string | undefined>;
  /** Claims an address for a user (conditional: true when it is now, or already was, that user's). */
  claimEmail(email: string, userId: string): Promise<boolean>;
  /** Creates the profile unless one exists (conditional): true when this call created it. */
  createUser(user: User): Promise<boolean>;
  putUser(user: User): Promise<void>;

  getInterview(userId: string, interviewId: string): Promise<Interview | undefined>;
  /**
   * Writes an interview. With `expectedVersion` the write succeeds only if the stored item has
   * that version (optimistic concurrency); with `undefined` only if none exists yet.
   * Throws ConditionFailedError otherwise.
   */
  putInterview(interview: Interview, expectedVersion: number | undefined): Promise<void>;
  /** Interviews starting in [fromUtc, toUtc), ordered by start (the GSI). */
  listInterviews(userId: string, range: { fromUtc: string; toUtc: string }): Promise<Interview[]>;
  /** Whether a conversation with `email`, not cancelled, starts before `beforeUtc`. Reads a few items, whatever the history. */
  hasMetBefore(userId: string, email: string, beforeUtc: string): Promise<boolean>;

  /**
   * Writes a contact and keeps the due index in step with it (`contactDueEntry`): the open item
   * it stands for, if any, is written, and the one it stood for before is removed.
   */
  putContact(contact: Contact): Promise<void>;
  getContact(userId: string, email: string): Promise<Contact | undefined>;
  /** The newest referral an interview brought (a contact whose `fromInterviewId` it is). Reads a few items, whatever the history. */
  latestReferralFrom(userId: string, interviewId: string): Promise<Contact | undefined>;
  /** Every contact ever met: for the export only — the digest reads the due index instead. */
  listContacts(userId: string): Promise<Contact[]>;

  /** Keeps an invitation that waits for its time, for `ttlSeconds` (rewriting the same id is harmless). */
  putPendingInvitation(pending: PendingInvitation, ttlSeconds: number): Promise<void>;
  /** The pending invitation, unless it expired or was never stored. */
  getPendingInvitation(userId: string, pendingId: string): Promise<PendingInvitation | undefined>;

  /**
   * Stores a note once per `noteId` (the message it came in, never the clock): a retried reply
   * finds its note stored and adds nothing.
   */
  addNote(note: Note, noteId: string): Promise<void>;
  /** Adds one open item of the due index directly (thank-yous owed): true when it was not there yet. */
  putDueEntry(userId: string, entry: DueEntry): Promise<boolean>;
  /** Removes one open item: true when it was there. */
  deleteDueEntry(userId: string, entry: Pick<DueEntry, 'kind' | 'dueUtc' | 'ref'>): Promise<boolean>;
  /**
   * Open items due by `untilUtc`, oldest first, at most `limit` of them; `more` says whether
   * there were others past the limit. Reads grow with `limit`, never with the history.
   */
  listDue(userId: string, options: { untilUtc: string; limit: number }): Promise<{ entries: DueEntry[]; more: boolean }>;

  /** The totals the digest shows, kept on write. */
  getTotals(userId: string): Promise<Totals>;
  /** Adds to the totals (negative to take away); with `lastHeldUtc`, keeps the latest of it. */
  addToTotals(userId: string, changes: Partial<Record<TotalName, number>>, lastHeldUtc?: string): Promise<void>;

  /** The numbered items of an email the user can answer by number, under the id its reply token carries. */
  putActionList(list: ActionList): Promise<void>;
  getActionList(userId: string, listId: string): Promise<ActionList | undefined>;
  listNotes(userId: string, interviewId: string): Promise<Note[]>;
  /** Every note of the user, on every interview, oldest first. */
  listAllNotes(userId: string): Promise<Note[]>;
  /**
   * The user's interviews (by start), contacts or notes, a page of at most a few hundred at a
   * time: for the export, which writes each page out and never holds them all.
   */
  historyPages<K extends keyof HistoryRecords>(userId: string, kind: K): AsyncIterable<HistoryRecords[K][]>;
  /**
   * Writes the markers `hasMetBefore` and `latestReferralFrom` read for a bounded number more of
   * the user's interviews and contacts written before the markers existed, from where the last
   * call stopped: `done` once all are marked. Safe to repeat or to run beside other writes.
   */
  backfillHistoryMarkers(userId: string): Promise<{ done: boolean }>;

  /**
   * Takes the lease of an outbound email's send key — the Powertools Idempotency pattern: a
   * pending record with an expiry, completed with the Message-ID once the send returned, released
   * when it threw. `acquired` when no record exists or a pending one expired (its holder died):
   * send, then `completeSend` or `releaseSend` with the token. `sent`/`given-up`: never send again.
   * `pending`: another attempt holds it until `expiresAt` — retry later, do not send.
   */
  leaseSend(userId: string, key: string, leaseSeconds: number): Promise<SendLease>;
  /** Records how a leased send ended; done even if the lease expired meanwhile (the email did go out). */
  completeSend(userId: string, key: string, ending: SendEnding): Promise<void>;
  /**
   * The send queue's sender sent an email whose lease ended `queued`: it is now `sent` with the
   * Message-ID SES gave it. A no-op for a lease in any other state (or gone with a deleted user).
   */
  recordQueuedSend(userId: string, key: string, messageId: string): Promise<void>;
  /** Gives a lease back after a send that failed, so the retry sends; no-op when the token no longer holds it. */
  releaseSend(userId: string, key: string, token: string): Promise<void>;
  /**
   * The same lease for processing one inbound message (duplicate deliveries are dropped):
   * `acquired` (process, then `completeInbound`, or `releaseInbound` on failure), `done` (drop
   * it), `pending` (another delivery is processing it, or died doing so: retry after `expiresAt`).
   */
  leaseInbound(messageKey: string, leaseSeconds: number): Promise<InboundLease>;
  /** Processing finished: duplicates are dropped for `keepSeconds` from now. */
  completeInbound(messageKey: string, keepSeconds: number): Promise<void>;
  /** Processing failed: the next delivery processes it. No-op when the token no longer holds it. */
  releaseInbound(messageKey: string, token: string): Promise<void>;
  /**
   * Remembers that the raw message stored under `rawMailKey` (RawMailStore) came from this user,
   * so deleting the user can delete it too: raw mail is stored by delivery, not by user.
   */
  recordRawMail(userId: string, rawMailKey: string): Promise<void>;
  /** The raw-mail keys recorded for this user. */
  listRawMail(userId: string): Promise<string[]>;
  deleteUserData(userId: string): Promise<void>;

  /**
   * Records that Rapport must stop mailing an address. The first record of an address is kept (a
   * repeated bounce changes nothing); returns the record as stored.
   */
  suppressAddress(suppression: Suppression): Promise<Suppression>;
  getSuppression(email: string): Promise<Suppression | undefined>;
  /** Notes that the operator was told about a suppressed address. */
  markSuppressionReported(email: string, reportedAt: string): Promise<void>;
}

export type ScheduledEvent = OneTimeEvent | DigestEvent;

export interface OneTimeSchedule {
  /** Deterministic, ≤ 64 chars of [0-9a-zA-Z-_.], e.g. `<interviewId>-prep`. */
  name: string;
  atUtc: Date;
  event: OneTimeEvent;
}

export interface WeeklySchedule {
  name: string;
  /** ISO weekday (1 = Monday) and local "HH:mm" in `timeZone`. */
  weekday: number;
  time: string;
  timeZone: string;
  event: DigestEvent;
}

export interface Scheduler {
  /** Creates or moves a one-time schedule (idempotent by name). */
  scheduleOnce(schedule: OneTimeSchedule): Promise<void>;
  scheduleWeekly(schedule: WeeklySchedule): Promise<void>;
  /** Deletes a schedule; a missing one is not an error. */
  cancel(name: string): Promise<void>;
}

export interface OutboundEmail {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Threading: the message this answers and the chain before it. */
  inReplyTo?: string;
  references?: string[];
  /** RFC 3834: `auto-replied` for answers to the user's mail, `auto-generated` for reminders. */
  autoSubmitted: 'auto-replied' | 'auto-generated';
  /** Files sent with it (the export); the composer writes them as base64 parts. */
  attachments?: OutboundAttachment[];
  /**
   * Sent even to an address Rapport stopped mailing (bounce, complaint): only the request to
   * confirm a deletion, so an address that gets nothing else can still have its data deleted.
   */
  despiteSuppression?: 'delete-confirmation';
  /** RFC 2369 / RFC 8058: on the emails sent on a schedule (digest, keep-in-touch), how to stop that kind. */
  listUnsubscribe?: ListUnsubscribe;
}

export interface OutboundAttachment {
  filename: string;
  /** e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  content: Uint8Array;
}

/**
 * Thrown by a Mailer when the message was refused and sending it again cannot succeed (SES
 * `MessageRejected` for its content): the send is given up, not retried. An unverified identity
 * (the sandbox, a domain still verifying) is not such a refusal: the operator can fix it.
 */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * How a send ended: out, with the Message-ID it went out with (SES replaces ours), or not sent at
 * all because Rapport stopped mailing that address (a hard bounce or a complaint). The second is
 * settled, not a failure: nothing must retry it.
 */
export type SendResult = { messageId: string } | { suppressed: Suppression } | { queued: string };

/**
 * `idempotencyKey`: the same email under at-least-once triggers. A mailer that hands the email to
 * a send queue (AWS: `queued`, with the queue's message id) lets its sender send it once per key,
 * however often it is queued (docs/operations.md "The send queue").
 */
export interface SendOptions {
  idempotencyKey?: string;
  /** The send lease it was sent under: the queue's sender records the Message-ID there once SES took it. */
  lease?: { userId: string; key: string };
}

export interface Mailer {
  /** Throws PermanentSendError when a retry cannot help; any other error may be retried. */
  send(email: OutboundEmail, options?: SendOptions): Promise<SendResult>;
}

export interface RawMailStore {
  /** Where the raw message of this delivery is kept (SES: `<prefix><messageId>`). */
  keyFor(deliveryId: string): string;
  /** The raw RFC 5322 bytes of an inbound message. */
  get(key: string): Promise<Uint8Array>;
  /** Deletes a raw message; one already gone (expired, deleted) is not an error. */
  delete(key: string): Promise<void>;
}

/** Something the person who runs Rapport must know about; `subject` is one short line. */
export interface OperatorNotice {
  subject: string;
  message: string;
}

/** The person who runs Rapport: the alarm topic in AWS, a notices file and page on one machine. */
export interface Operator {
  tell(notice: OperatorNotice): Promise<void>;
}

/** Structured logs (one JSON line each in Lambda); `fields` never carry message bodies. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
