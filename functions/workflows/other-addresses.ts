import { addressClaimId, type ReadToken } from '../domain/reply-token';
import type { User } from '../domain/model';
import { renderReplyAck } from '../emails/reply-ack';
import type { InboundMail } from '../inbound/inbound-mail';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import type { ReplyOutcome } from './handle-reply';
import { sendOnce } from './send-once';

/**
 * Several addresses per user (`also: alex@work.example`). The new address is asked to confirm:
 * Rapport mails it, and only a reply from that very address to that email adds it (the token's
 * id slot is addressClaimId of the user and the address, so nothing is stored meanwhile). Once
 * claimed, mail from either address — replies and forwarded invitations — reaches the same account.
 */

/** What `also:` answers before anything is sent; undefined when a confirmation request should go out. */
export async function alsoRefusal(deps: Deps, user: User, email: string): Promise<string | undefined> {
  if (email === user.email.toLowerCase()) return `${email} is already the address Rapport writes to.`;
  const owner = await deps.store.findUserIdByEmail(email);
  if (owner === user.userId) return `${email} is already one of your addresses.`;
  if (owner) return `${email} belongs to another Rapport account, so it was not added.`;
  return undefined;
}

/** Mails the address asked for: a reply from it confirms. Once per asking message. */
export async function askToConfirmAddress(deps: Deps, user: User, email: string, messageKey: string): Promise<void> {
  const rendered = renderReplyAck({
    user,
    understood: [
      `${user.name ?? user.email} asked Rapport to accept mail from this address too.`,
      'To confirm, reply to this email from this address (any text will do). If it was not you, ignore it: nothing changes.',
    ],
    problems: [],
    offeredReferrals: [],
    domain: deps.config.domain,
  });
  const envelope = {
    to: email,
    replyTo: { kind: 'add-address', userId: user.userId, interviewId: addressClaimId(user.userId, email) },
    autoSubmitted: 'auto-replied',
  } as const;
  const content = { ...rendered, subject: 'Confirm this address for Rapport' };
  await sendOnce(deps, user.userId, `also#${messageKey}#${email}`, await outboundEmail(deps, envelope, content));
}

/**
 * A reply from an address that is no user's: a confirmation from the address it was sent to adds
 * it; any other reply to a valid token is logged, and the token's user is told how to add the
 * address (at their own address: the sender is not known to be them).
 */
export async function replyFromUnknownAddress(
  deps: Deps,
  message: InboundMail,
  token: ReadToken,
  messageKey: string,
): Promise<ReplyOutcome> {
  const sender = message.from!.address.toLowerCase();
  if (token.status !== 'valid') return { outcome: 'ignored', why: 'reply from an unknown sender' };
  const user = await deps.store.getUser(token.target.userId);
  if (!user) return { outcome: 'ignored', why: 'reply from an unknown sender' };
  const confirming = token.target.kind === 'add-address' && token.target.interviewId === addressClaimId(user.userId, sender);
  const added = confirming && (await deps.store.claimEmail(sender, user.userId));
  deps.log.info(added ? 'address added' : 'reply from an address that is not the user’s', { userId: user.userId, kind: token.target.kind });
  const understood = added ? [`${sender} is now one of your addresses: replies and forwarded invitations from it reach your account.`] : [];
  const problems = added
    ? []
    : confirming
      ? [`${sender} belongs to another Rapport account, so it was not added.`]
      : [
          `A reply came from ${sender}, which is not one of your addresses, so nothing in it was applied. To use it, reply to this email with "also: ${sender}" and confirm from that address.`,
        ];
  const envelope = {
    to: added ? sender : user.email,
    replyTo: { kind: 'help', userId: user.userId },
    thread: message.messageId,
    autoSubmitted: 'auto-replied',
  } as const;
  const ack = renderReplyAck({ user, understood, problems, offeredReferrals: [], domain: deps.config.domain });
  await sendOnce(deps, user.userId, `ack#${messageKey}`, await outboundEmail(deps, envelope, ack));
  return added
    ? { outcome: 'applied', understood, problems: [] }
    : { outcome: 'ignored', why: confirming ? 'address belongs to another user' : 'reply from an unknown sender' };
}
