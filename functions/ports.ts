import type { Contact, DigestEvent, Interview, Note, ReminderEvent, User } from './domain/model';

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

export interface Store {
  getUser(userId: string): Promise<User | undefined>;
  /** The user that owns this sender address, if any. */
  findUserIdByEmail(email: string): Promise<string | undefined>;
  /** Claims an address for a user (conditional: true when it is now, or already was, that user's). */
  claimEmail(email: string, userId: string): Promise<boolean>;
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

  putContact(contact: Contact): Promise<void>;
  getContact(userId: string, email: string): Promise<Contact | undefined>;
  listContacts(userId: string): Promise<Contact[]>;

  addNote(note: Note): Promise<void>;
  listNotes(userId: string, interviewId: string): Promise<Note[]>;

  /**
   * The idempotency key of an outbound email: true the first time for this key, false after.
   * Called before sending, so a retried reminder finds the marker and sends nothing.
   */
  claimSend(userId: string, key: string): Promise<boolean>;
  /** Remembers the Message-ID an email went out with under its send key (for threading). */
  recordSentMessageId(userId: string, key: string, messageId: string): Promise<void>;
  /**
   * Drops duplicate deliveries of the same inbound message: true the first time.
   * The marker expires after `ttlSeconds`.
   */
  claimInboundMessage(messageKey: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claimed inbound message back when its processing failed, so a retry can process it. */
  releaseInboundMessage(messageKey: string): Promise<void>;
  deleteUserData(userId: string): Promise<void>;
}

export type ScheduledEvent = ReminderEvent | DigestEvent;

export interface OneTimeSchedule {
  /** Deterministic, ≤ 64 chars of [0-9a-zA-Z-_.], e.g. `<interviewId>-prep`. */
  name: string;
  atUtc: Date;
  event: ReminderEvent;
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
}

export interface OutboundAttachment {
  filename: string;
  /** e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  content: Uint8Array;
}

export interface Mailer {
  /** Sends and returns the Message-ID the message went out with (SES replaces ours). */
  send(email: OutboundEmail): Promise<{ messageId: string }>;
}

export interface RawMailStore {
  /** The raw RFC 5322 bytes of an inbound message. */
  get(key: string): Promise<Uint8Array>;
}

/** Structured logs (one JSON line each in Lambda); `fields` never carry message bodies. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
