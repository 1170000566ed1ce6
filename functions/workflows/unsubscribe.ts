import { receives, readOneClickToken, streamStoppedBy, type EmailStream, withStreamOff } from '../domain/unsubscribe';
import type { User } from '../domain/model';
import { renderReplyAck } from '../emails/reply-ack';
import type { Deps } from './deps';
import { syncDigestSchedule } from './digest-schedule';
import { outboundEmail } from './envelope';
import { sendOnce } from './send-once';

/** What an unsubscribe did: that kind of email stopped (now, or it was already off), or nothing at all, and why. */
export type UnsubscribeOutcome =
  | { outcome: 'stopped'; stream: EmailStream; changed: boolean }
  | { outcome: 'refused'; why: 'invalid' | 'expired' | 'not an unsubscribe link' | 'no such user' };

/** What the confirmation says, and the command that undoes it (docs/reply-commands.md). */
const STOPPED: Record<EmailStream, { subject: string; said: string }> = {
  digest: {
    subject: 'Unsubscribed: the weekly digest',
    said: 'You unsubscribed from the weekly digest: no more digests will come. Everything else stays as it was. To have it again, reply “digest: on”.',
  },
  'keep-in-touch': {
    subject: 'Unsubscribed: keep-in-touch emails',
    said: 'You unsubscribed from keep-in-touch emails: no more suggestions to write to the people you met. Your digest still lists who is due. To have them again, reply “keep-in-touch: on”.',
  },
};

/**
 * The one-click link of `List-Unsubscribe` (RFC 8058), POSTed by a mail provider or a person:
 * the local web server and the AWS function URL both call this. The token is the whole
 * authority (no session, no sender), so a forged, altered, expired or other-kind token changes
 * nothing.
 */
export async function unsubscribeByLink(deps: Deps, token: string): Promise<UnsubscribeOutcome> {
  const read = readOneClickToken(token, deps.config.domain, await deps.config.tokenKeys(), deps.clock.now());
  const stream = read.status === 'invalid' ? undefined : streamStoppedBy(read.target.kind);
  const refused = (why: Extract<UnsubscribeOutcome, { outcome: 'refused' }>['why']): UnsubscribeOutcome => {
    deps.log.warn('unsubscribe link refused', { why });
    return { outcome: 'refused', why };
  };
  if (read.status === 'invalid') return refused('invalid');
  if (!stream) return refused('not an unsubscribe link');
  if (read.status === 'expired') return refused('expired');
  const user = await deps.store.getUser(read.target.userId);
  if (!user) return refused('no such user');
  return stopStream(deps, user, stream, read.issuedOn);
}

/**
 * Turns one kind of email off for the user and says so in one email; already off, it does
 * nothing. The confirmation is sent (once per stream and token day) before the profile is
 * written, so a retry after a failure in between finds it sent and only writes.
 */
export async function stopStream(
  deps: Deps,
  user: User,
  stream: EmailStream,
  tokenIssuedOn: Date,
  thread?: string,
): Promise<UnsubscribeOutcome> {
  if (!receives(user, stream)) return { outcome: 'stopped', stream, changed: false };
  const wording = STOPPED[stream];
  const envelope = {
    to: user.email,
    replyTo: { kind: 'help', userId: user.userId },
    ...(thread ? { thread } : {}),
    autoSubmitted: 'auto-replied',
  } as const;
  const content = renderReplyAck({
    user,
    understood: [wording.said],
    problems: [],
    offeredReferrals: [],
    domain: deps.config.domain,
    // Not a reply the user wrote: their mail app's unsubscribe button or link (List-Unsubscribe).
    titled: {
      subject: wording.subject,
      kicker: 'Unsubscribed',
      heading: 'You unsubscribed',
      intro: 'Your mail app asked Rapport to unsubscribe you. Here is what changed:',
    },
  });
  const day = tokenIssuedOn.toISOString().slice(0, 10);
  await sendOnce(deps, user.userId, `unsubscribe#${stream}#${day}`, await outboundEmail(deps, envelope, content));
  const stopped = withStreamOff(user, stream);
  await deps.store.putUser(stopped);
  if (stream === 'digest') await syncDigestSchedule(deps, stopped);
  deps.log.info('unsubscribed', { stream });
  return { outcome: 'stopped', stream, changed: true };
}
