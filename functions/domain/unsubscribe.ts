import type { User } from './model';
import {
  readReplyAddress,
  REPLY_LOCAL_PREFIX,
  type ReadToken,
  type TokenKeys,
  type TokenKind,
  type UnsubscribeTokenKind,
} from './reply-token';

/**
 * Unsubscribing (docs/records.md "Unsubscribing"). The two kinds of email Rapport sends on a
 * schedule without being asked each carry `List-Unsubscribe` (RFC 2369) with two ways out: a
 * `mailto:` to a reply address whose token kind means "stop this kind of email", and a one-click
 * `https:` link carrying the same signed token (RFC 8058), POSTed by the mail provider. Either
 * turns off that kind only, and a reply command turns it on again.
 */
export type EmailStream = 'digest' | 'keep-in-touch';

/** The token kind of each stream's unsubscribe address: one `Record`, so a new stream needs its own. */
export const STOP_TOKEN_KINDS: Record<EmailStream, UnsubscribeTokenKind> = {
  digest: 'stop-digest',
  'keep-in-touch': 'stop-keep-in-touch',
};

/** The stream a token kind stops, or undefined for every other kind of token. */
export function streamStoppedBy(kind: TokenKind): EmailStream | undefined {
  return (Object.keys(STOP_TOKEN_KINDS) as EmailStream[]).find((stream) => STOP_TOKEN_KINDS[stream] === kind);
}

/** Whether the user still gets this kind of email. */
export function receives(user: User, stream: EmailStream): boolean {
  return stream === 'digest' ? user.digest.enabled : !user.keepInTouchOff;
}

/** The user with this kind of email turned off; the digest keeps its day and time for `digest: on`. */
export function withStreamOff(user: User, stream: EmailStream): User {
  return stream === 'digest' ? { ...user, digest: { ...user.digest, enabled: false } } : { ...user, keepInTouchOff: true };
}

/** Where the one-click link is served, locally and on AWS: `<origin>/unsubscribe/<token>`. */
export const UNSUBSCRIBE_PATH = '/unsubscribe/';

/** What the mailto of `List-Unsubscribe` says: a mail client that sends it unedited sends this subject. */
export const UNSUBSCRIBE_SUBJECT = 'unsubscribe';
/** The one-click link is `<base>/<token>`; the token is a reply address's local part after `reply+`. */
const ONE_CLICK_TOKEN = /^[0-9a-z-]{1,80}$/;

/** The `List-Unsubscribe` URIs of an email, from its stop address and the deployment's one-click base URL. */
export function unsubscribeUris(stopAddress: string, oneClickBase: string | undefined): { mailto: string; oneClick?: string } {
  const local = stopAddress.slice(0, stopAddress.lastIndexOf('@'));
  const token = local.slice(REPLY_LOCAL_PREFIX.length);
  return {
    mailto: `mailto:${stopAddress}?subject=${UNSUBSCRIBE_SUBJECT}`,
    ...(oneClickBase ? { oneClick: `${oneClickBase.replace(/\/+$/, '')}/${token}` } : {}),
  };
}

/**
 * What the token of a one-click link names, read like the reply address it came from. Anything
 * but a well-formed token (a path from anyone on the internet) is `invalid` before any HMAC.
 */
export function readOneClickToken(token: string, domain: string, keys: TokenKeys, now: Date): ReadToken {
  if (!ONE_CLICK_TOKEN.test(token)) return { status: 'invalid' };
  return readReplyAddress(`${REPLY_LOCAL_PREFIX}${token}@${domain}`, keys, now);
}
