import { contactDueEntry } from '../domain/keep-in-touch';
import type { Contact, User } from '../domain/model';
import { renderReferralIntro } from '../emails/referral-intro';
import type { Deps } from './deps';
import { sendContactSuggestion } from './send-contact-suggestion';

/**
 * A referral becomes a suggested next conversation: an email with an introduction-request draft
 * that names who referred them, once per referral. Its one item is stored so `intro sent`,
 * `met` or `not pursuing` in a reply moves this referral along.
 */
export async function sendReferralIntro(deps: Deps, user: User, referral: Contact): Promise<void> {
  const entry = contactDueEntry(referral);
  if (entry?.kind !== 'referral') return;
  await sendContactSuggestion(deps, user, {
    sendKey: `referral#${referral.email}`,
    entry,
    tokenKind: 'referral',
    email: renderReferralIntro({
      user,
      referral,
      ...(referral.referredBy ? { referredBy: referral.referredBy } : {}),
      domain: deps.config.domain,
    }),
  });
}
