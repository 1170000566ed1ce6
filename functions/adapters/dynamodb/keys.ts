/**
 * Every key of the one Rapport table, in one place. The layout is in docs/architecture.md ("The data:
 * one DynamoDB table"): a user's data lives in one partition, so every read is a GetItem or a Query
 * on one partition and cost grows with one user's data, never with the number of users.
 */

import { TABLE_KEYS } from './table';

const USER = 'USER#';
const PROFILE = 'PROFILE';
const EMAIL = 'EMAIL#';
const EMAIL_SK = 'EMAIL';
/** In the user's partition: an address the user claimed, so deleting the user finds its EMAIL# item. */
const ADDRESS = 'ADDRESS#';
const INTERVIEW = 'INTERVIEW#';
const CONTACT = 'CONTACT#';
const NOTE = 'NOTE#';
const PENDING = 'PENDING#';
/** A conversation with one person that is not cancelled, by person then start: what a prep brief asks of the past. */
const MET = 'MET#';
/** A referral one interview brought, by interview then when it was noted: what a thank-you suggests next. */
const REFERRAL = 'REFERRAL#';
/** An open item (follow-up, referral, thank-you owed), sorted by when it fell due: the due index. */
const OPEN = 'OPEN#';
/** The numbered items of one email the user can answer by number. */
const ACTIONS = 'ACTIONS#';
const TOTALS = 'TOTALS';
const SENT = 'SENT#';
/** In the user's partition: the key of a raw message they sent, so deleting them finds it. */
const RAW_MAIL = 'RAWMAIL#';
const MSG = 'MSG#';
const SUPPRESSED = 'SUPPRESSED#';
const SUPPRESSED_SK = 'SUPPRESSED';
const MSG_SK = 'MSG';
const SCHEDULE_PK = 'SCHEDULE';
const SCHEDULE_DUE = 'DUE#';
const SCHEDULE_NAME = 'NAME#';
const SCHEDULE_DEAD = 'DEAD#';

/** A primary key; its attribute names are the table's (`TABLE_KEYS`), so a rename there fails here. */
export type Key = Record<typeof TABLE_KEYS.partitionKey | typeof TABLE_KEYS.sortKey, string>;

/** Sender addresses are compared case-insensitively (in practice every provider does). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * One text form for every UTC instant in a sort key. ISO strings with and without milliseconds
 * do not sort together ("…00.000Z" < "…00Z"), so keys always carry milliseconds.
 */
export function sortableUtc(isoOrDate: string | Date): string {
  const date = typeof isoOrDate === 'string' ? new Date(isoOrDate) : isoOrDate;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a UTC instant: ${String(isoOrDate)}`);
  return date.toISOString();
}

export const userPk = (userId: string): string => `${USER}${userId}`;

export const keys = {
  user: (userId: string): Key => ({ PK: userPk(userId), SK: PROFILE }),
  email: (email: string): Key => ({ PK: `${EMAIL}${normalizeEmail(email)}`, SK: EMAIL_SK }),
  address: (userId: string, email: string): Key => ({
    PK: userPk(userId),
    SK: `${ADDRESS}${normalizeEmail(email)}`,
  }),
  addressPrefix: ADDRESS,
  interview: (userId: string, interviewId: string): Key => ({
    PK: userPk(userId),
    SK: `${INTERVIEW}${interviewId}`,
  }),
  /** GSI1: a user's interviews by start time. */
  interviewByStart: (
    userId: string,
    startUtc: string,
    interviewId: string,
  ): Record<typeof TABLE_KEYS.gsi1PartitionKey | typeof TABLE_KEYS.gsi1SortKey, string> => ({
    GSI1PK: userPk(userId),
    GSI1SK: `${sortableUtc(startUtc)}#${interviewId}`,
  }),
  contact: (userId: string, email: string): Key => ({
    PK: userPk(userId),
    SK: `${CONTACT}${normalizeEmail(email)}`,
  }),
  interviewPrefix: INTERVIEW,
  contactPrefix: CONTACT,
  met: (userId: string, email: string, startUtc: string, interviewId: string): Key => ({
    PK: userPk(userId),
    SK: `${MET}${normalizeEmail(email)}#${sortableUtc(startUtc)}#${interviewId}`,
  }),
  /** Every meeting with `email` starting before `beforeUtc` sorts between the prefix and this (a start at `beforeUtc` sorts after). */
  metPrefix: (email: string): string => `${MET}${normalizeEmail(email)}#`,
  metBefore: (email: string, beforeUtc: string): string => `${MET}${normalizeEmail(email)}#${sortableUtc(beforeUtc)}`,
  referral: (userId: string, fromInterviewId: string, createdAt: string, email: string): Key => ({
    PK: userPk(userId),
    SK: `${REFERRAL}${fromInterviewId}#${sortableUtc(createdAt)}#${normalizeEmail(email)}`,
  }),
  referralPrefix: (fromInterviewId: string): string => `${REFERRAL}${fromInterviewId}#`,
  /** `noteId` names the message the note came in (older notes carry their UTC time there). */
  note: (userId: string, interviewId: string, noteId: string): Key => ({
    PK: userPk(userId),
    SK: `${NOTE}${interviewId}#${noteId}`,
  }),
  notePrefix: (interviewId: string): string => `${NOTE}${interviewId}#`,
  allNotesPrefix: NOTE,
  /** An invitation waiting for the user to say when it is (TTL'd). */
  pending: (userId: string, pendingId: string): Key => ({ PK: userPk(userId), SK: `${PENDING}${pendingId}` }),
  open: (userId: string, entry: { dueUtc: string; kind: string; ref: string }): Key => ({
    PK: userPk(userId),
    SK: `${OPEN}${sortableUtc(entry.dueUtc)}#${entry.kind}#${normalizeEmail(entry.ref)}`,
  }),
  openPrefix: OPEN,
  /** Every open item due by `untilUtc`: `~` sorts after every character a key holds. */
  openUntil: (untilUtc: string): string => `${OPEN}${sortableUtc(untilUtc)}~`,
  actions: (userId: string, listId: string): Key => ({ PK: userPk(userId), SK: `${ACTIONS}${listId}` }),
  totals: (userId: string): Key => ({ PK: userPk(userId), SK: TOTALS }),
  /** The send key is `<kind>#<interviewId>#<version>` (or any stable business key). */
  sent: (userId: string, sendKey: string): Key => ({ PK: userPk(userId), SK: `${SENT}${sendKey}` }),
  rawMail: (userId: string, rawMailKey: string): Key => ({ PK: userPk(userId), SK: `${RAW_MAIL}${rawMailKey}` }),
  rawMailPrefix: RAW_MAIL,
  inboundMessage: (messageKey: string): Key => ({ PK: `${MSG}${messageKey}`, SK: MSG_SK }),
  /** An address Rapport stopped mailing (bounce or complaint): its own partition, found by address. */
  suppressed: (email: string): Key => ({ PK: `${SUPPRESSED}${normalizeEmail(email)}`, SK: SUPPRESSED_SK }),

  /** Local scheduler only: one partition, due entries sorted by time then name. */
  schedulePk: SCHEDULE_PK,
  scheduleDue: (dueUtc: Date, name: string): Key => ({
    PK: SCHEDULE_PK,
    SK: `${SCHEDULE_DUE}${sortableUtc(dueUtc)}#${name}`,
  }),
  scheduleDuePrefix: SCHEDULE_DUE,
  /** Points at the current due entry of a schedule, so an upsert can move it. */
  scheduleName: (name: string): Key => ({ PK: SCHEDULE_PK, SK: `${SCHEDULE_NAME}${name}` }),
  /** A firing given up after its retries (the local dead-letter queue), by when it was given up. */
  scheduleDeadLetter: (deadAtUtc: Date, name: string): Key => ({
    PK: SCHEDULE_PK,
    SK: `${SCHEDULE_DEAD}${sortableUtc(deadAtUtc)}#${name}`,
  }),
  scheduleDeadLetterPrefix: SCHEDULE_DEAD,
} as const;
