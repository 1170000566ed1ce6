import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ReminderKind } from './model';

/**
 * Every email Rapport sends has `Reply-To: reply+<token>@<domain>`. The token names the user,
 * the interview and the kind of message, and the day it was issued, signed with HMAC so a reply
 * is routed without guessing and a forged or altered token is refused. Lower-case hex only: some
 * mail systems change the case of local parts.
 *
 * Layout: `<kind code><issue day, 4 hex>-<user id>-<interview id>-<mac>`, e.g.
 * `reply+p1b2f-0a1b2c3d4e5f-0123456789abcdef0123-89ab…`. With a 12-hex user id and a 20-hex
 * interview id the local part is 62 characters, within RFC 5321 §4.5.3.1.1's 64.
 *
 * Tokens expire: a reply is acted on only while its token is younger than TOKEN_MAX_AGE_DAYS
 * (a delete confirmation: DELETE_CONFIRMATION_MAX_AGE_DAYS). The key can be rotated: tokens are
 * signed with the current key and read with the current or the previous one.
 */
export type TokenKind =
  | ReminderKind
  | 'confirmation'
  | 'digest'
  | 'help'
  | 'delete-confirmation'
  | 'pending'
  | 'add-address'
  | ListTokenKind
  | UnsubscribeTokenKind;
/**
 * The `List-Unsubscribe` address and one-click link of an email sent on a schedule (RFC 2369, RFC
 * 8058): a message to it, or a POST of it, stops that kind of email (domain/unsubscribe.ts).
 */
export type UnsubscribeTokenKind = 'stop-digest' | 'stop-keep-in-touch';
/** Emails with numbered items: their token carries the id of the item list (ActionList), not an interview. */
export type ListTokenKind = 'keep-in-touch' | 'referral' | 'contacts';
export const LIST_TOKEN_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>(['digest', 'keep-in-touch', 'referral', 'contacts']);

/**
 * One letter per kind, in the token. A `Record` over `TokenKind` (which takes in every reminder
 * kind), so a new kind of email cannot go out without a code its replies are routed by.
 */
const KIND_CODES: Record<TokenKind, string> = {
  confirmation: 'c',
  'prep-brief': 'p',
  'thank-you': 't',
  'thank-you-nudge': 'n',
  digest: 'd',
  help: 'h',
  // The email that asks "reply `yes, delete my data` to confirm": only a reply to it deletes.
  'delete-confirmation': 'x',
  /** "When is it?" / "No invitation found": the id slot names the pending invitation, not an interview. */
  pending: 'w',
  /** "Confirm this address": the id slot is addressClaimId of the user and the address asked for. */
  'add-address': 'a',
  'keep-in-touch': 'k',
  referral: 'r',
  contacts: 'o',
  'stop-digest': 's',
  'stop-keep-in-touch': 'q',
};
export const TOKEN_KINDS = Object.keys(KIND_CODES) as TokenKind[];
const KINDS_BY_CODE = new Map(TOKEN_KINDS.map((kind) => [KIND_CODES[kind], kind]));

/** How long a reply to an email of Rapport's is acted on. */
const TOKEN_MAX_AGE_DAYS = 180;
/** How long the answer to "delete my data" can be confirmed: a deletion is never confirmed by an old email. */
export const DELETE_CONFIRMATION_MAX_AGE_DAYS = 7;

const DAY_MS = 86_400_000;
/** Issue days count from here; four hex digits reach the year 2199. */
const TOKEN_EPOCH_MS = Date.UTC(2020, 0, 1);
const MAX_USER_ID_HEX = 12;
const MAC_HEX_CHARS = 16;
const TOKEN_PATTERN = /^([a-z])([0-9a-f]{4})-([0-9a-f]{1,12})-([0-9a-f]{0,20})-([0-9a-f]{16})$/;
export const REPLY_LOCAL_PREFIX = 'reply+';

export interface ReplyTarget {
  kind: TokenKind;
  userId: string;
  interviewId?: string;
}

/** The HMAC keys of reply tokens: new tokens are signed with `current`; `previous` is still read during a rotation. */
export interface TokenKeys {
  current: string;
  previous?: string;
}

/**
 * The keys as a deployment hands them to workflows: read when a path first signs or reads a
 * token, not when a function starts (in AWS a parameter fetched once per container, so a bounce, an
 * empty digest or a dropped message never waits for Parameter Store).
 */
export type LoadTokenKeys = () => Promise<TokenKeys>;

/** Keys known up front (one machine keeps them in a file it reads at start; tests name them). */
export function fixedTokenKeys(keys: TokenKeys): LoadTokenKeys {
  return () => Promise.resolve(keys);
}

/** What a reply address says: a valid target, one whose token is too old to act on, or nothing of ours. */
export type ReadToken =
  | { status: 'valid'; target: ReplyTarget; issuedOn: Date }
  | { status: 'expired'; target: ReplyTarget; issuedOn: Date; maxAgeDays: number }
  | { status: 'invalid' };

function mac(key: string, kindCode: string, day: string, userId: string, interviewId: string): string {
  return createHmac('sha256', key).update(`${kindCode}:${day}:${userId}:${interviewId}`).digest('hex').slice(0, MAC_HEX_CHARS);
}

function dayNumber(at: Date): number {
  return Math.floor((at.getTime() - TOKEN_EPOCH_MS) / DAY_MS);
}

/**
 * What an `add-address` token carries in its id slot: a digest of the user and the address, so a
 * reply confirms only from the address it was sent to, and nothing needs storing meanwhile.
 */
export function addressClaimId(userId: string, email: string): string {
  return createHash('sha256').update(`${userId}\n${email.trim().toLowerCase()}`).digest('hex').slice(0, 20);
}

export function replyAddress(target: ReplyTarget, domain: string, keys: TokenKeys, issuedAt: Date): string {
  const code = KIND_CODES[target.kind];
  const interviewId = target.interviewId ?? '';
  if (!new RegExp(`^[0-9a-f]{1,${MAX_USER_ID_HEX}}$`).test(target.userId) || !/^[0-9a-f]{0,20}$/.test(interviewId)) {
    throw new Error('reply tokens carry hex ids only (user ≤ 12, interview ≤ 20 digits)');
  }
  const day = dayNumber(issuedAt).toString(16).padStart(4, '0');
  if (day.length !== 4) throw new Error(`reply tokens are issued between 2020 and 2199, not ${issuedAt.toISOString()}`);
  return `${REPLY_LOCAL_PREFIX}${code}${day}-${target.userId}-${interviewId}-${mac(keys.current, code, day, target.userId, interviewId)}@${domain}`;
}

function signedBy(keys: TokenKeys, signature: string, code: string, day: string, userId: string, interviewId: string): boolean {
  const given = Buffer.from(signature);
  return [keys.current, keys.previous]
    .filter((key): key is string => !!key)
    .some((key) => timingSafeEqual(Buffer.from(mac(key, code, day, userId, interviewId)), given));
}

/** What a reply address names, as of `now`; `invalid` when it is not one of ours or its signature is wrong. */
export function readReplyAddress(address: string, keys: TokenKeys, now: Date): ReadToken {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).toLowerCase();
  if (!local.startsWith(REPLY_LOCAL_PREFIX)) return { status: 'invalid' };
  const match = TOKEN_PATTERN.exec(local.slice(REPLY_LOCAL_PREFIX.length));
  if (!match) return { status: 'invalid' };
  const [, code, day, userId, interviewId, signature] = match as unknown as [string, string, string, string, string, string];
  const kind = KINDS_BY_CODE.get(code);
  if (!kind || !signedBy(keys, signature, code, day, userId, interviewId)) return { status: 'invalid' };
  const target: ReplyTarget = { kind, userId, ...(interviewId ? { interviewId } : {}) };
  const issuedOn = new Date(TOKEN_EPOCH_MS + parseInt(day, 16) * DAY_MS);
  const maxAgeDays = kind === 'delete-confirmation' ? DELETE_CONFIRMATION_MAX_AGE_DAYS : TOKEN_MAX_AGE_DAYS;
  // Issue days are whole UTC days, so a token lives at least maxAgeDays and less than a day more.
  if (now.getTime() >= issuedOn.getTime() + (maxAgeDays + 1) * DAY_MS) return { status: 'expired', target, issuedOn, maxAgeDays };
  return { status: 'valid', target, issuedOn };
}

/**
 * The token keys a deployment keeps: a bare string is one key; during a rotation the secret is
 * JSON `{"current": "…", "previous": "…"}` (README "Rotating the reply-token key").
 */
export function parseTokenKeys(secret: string): TokenKeys {
  const text = secret.trim();
  if (!text.startsWith('{')) return { current: text };
  const parsed = JSON.parse(text) as { current?: unknown; previous?: unknown };
  if (typeof parsed.current !== 'string' || parsed.current.length < 16)
    throw new Error('the reply-token secret needs a "current" key of at least 16 characters');
  return { current: parsed.current, ...(typeof parsed.previous === 'string' && parsed.previous ? { previous: parsed.previous } : {}) };
}
