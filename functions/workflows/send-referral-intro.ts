import { contactDueEntry } from '../domain/keep-in-touch';
import type { Contact, User } from '../domain/model';
import { renderReferralAsk, renderReferralIntro } from '../emails/referral-intro';
import type { Deps } from './deps';
import { sendContactSuggestion } from './send-contact-suggestion';

/**
 * A referral becomes a suggested next conversation: an email with an introduction-request draft
 * that names who referred them, once per referral; when the referrer only offered to introduce
 * them, first a draft to the referrer asking for it (docs/records.md "Referrals"). Its one item is stored so `intro sent`,
 * `met` or `not pursuing` in a reply moves this referral along.
 */
export async function sendReferralIntro(deps: Deps, user: User, referral: Contact): Promise<void> {
  const entry = contactDueEntry(referral);
  if (entry?.kind !== 'referral') return;
  // Only offered: the draft asks the referrer, under a key of its own, so the person's draft still comes once introduced.
  if (referral.introOffered && referral.referredBy) {
    const ask = { user, referral, referredBy: referral.referredBy, domain: deps.config.domain };
    await sendContactSuggestion(deps, user, {
      sendKey: `referral-ask#${referral.email}`,
      entry,
      tokenKind: 'referral',
      email: renderReferralAsk(ask),
    });
    return;
  }
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
