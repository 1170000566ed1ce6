import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReminderKind } from '../domain/model';

/**
 * Every email Rapport sends has `Reply-To: reply+<token>@<domain>`. The token names the user,
 * the interview and the kind of message, signed with HMAC so a reply is routed without
 * guessing and a forged token is refused. Lower-case hex only: some mail systems change the
 * case of local parts. The whole local part stays within RFC 5321's 64 characters.
 */
export type TokenKind = ReminderKind | 'confirmation' | 'digest' | 'help';

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
};
export const TOKEN_KINDS = Object.keys(KIND_CODES) as TokenKind[];
const KINDS_BY_CODE = new Map(TOKEN_KINDS.map((kind) => [KIND_CODES[kind], kind]));

const MAC_HEX_CHARS = 16;
const TOKEN_PATTERN = /^([a-z])-([0-9a-f]{1,16})-([0-9a-f]{0,20})-([0-9a-f]{16})$/;
export const REPLY_LOCAL_PREFIX = 'reply+';

export interface ReplyTarget {
  kind: TokenKind;
  userId: string;
  interviewId?: string;
}

function mac(secret: string, kindCode: string, userId: string, interviewId: string): string {
  return createHmac('sha256', secret).update(`${kindCode}:${userId}:${interviewId}`).digest('hex').slice(0, MAC_HEX_CHARS);
}

export function replyAddress(target: ReplyTarget, domain: string, secret: string): string {
  const code = KIND_CODES[target.kind];
  const interviewId = target.interviewId ?? '';
  if (!/^[0-9a-f]{1,16}$/.test(target.userId) || !/^[0-9a-f]{0,20}$/.test(interviewId)) {
    throw new Error('reply tokens carry hex ids only');
  }
  return `${REPLY_LOCAL_PREFIX}${code}-${target.userId}-${interviewId}-${mac(secret, code, target.userId, interviewId)}@${domain}`;
}

/** The target a reply address names, or undefined when it is not one of ours or the signature is wrong. */
export function readReplyAddress(address: string, secret: string): ReplyTarget | undefined {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).toLowerCase();
  if (!local.startsWith(REPLY_LOCAL_PREFIX)) return undefined;
  const match = TOKEN_PATTERN.exec(local.slice(REPLY_LOCAL_PREFIX.length));
  if (!match) return undefined;
  const [, code, userId, interviewId, signature] = match as unknown as [string, string, string, string, string];
  const kind = KINDS_BY_CODE.get(code);
  if (!kind) return undefined;
  const expected = Buffer.from(mac(secret, code, userId, interviewId));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return undefined;
  return { kind, userId, ...(interviewId ? { interviewId } : {}) };
}
