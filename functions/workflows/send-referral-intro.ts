import { actionListIdFor } from '../domain/ids';
import { contactDueEntry } from '../domain/keep-in-touch';
import type { Contact, User } from '../domain/model';
import { renderReferralIntro } from '../mail/outbound/emails/referral-intro';
import { fromAddress, replyAddressFor, type Deps } from './deps';
import { sendOnce } from './send-once';

/**
 * A referral becomes a suggested next conversation: an email with an introduction-request draft
 * that names who referred them, once per referral. Its one item is stored so `intro sent`,
 * `met` or `not pursuing` in a reply moves this referral along.
 */
export async function sendReferralIntro(deps: Deps, user: User, referral: Contact): Promise<void> {
  const entry = contactDueEntry(referral);
  if (entry?.kind !== 'referral') return;
  const sendKey = `referral#${referral.email}`;
  const listId = actionListIdFor(user.userId, sendKey);
  await deps.store.putActionList({
    userId: user.userId,
    listId,
    createdAt: deps.clock.now().toISOString(),
    items: [{ n: 1, kind: 'referral', ref: referral.email, dueUtc: entry.dueUtc, label: entry.label }],
  });
  await sendOnce(deps, user.userId, sendKey, {
    from: fromAddress(deps.config),
    to: user.email,
    replyTo: await replyAddressFor(deps, { kind: 'referral', userId: user.userId, interviewId: listId }),
    autoSubmitted: 'auto-generated',
    ...renderReferralIntro({ user, referral, ...(referral.referredBy ? { referredBy: referral.referredBy } : {}), domain: deps.config.domain }),
  });
}
