import { contactDueEntry } from '../domain/keep-in-touch';
import type { FollowUpEvent } from '../domain/model';
import { renderKeepInTouch } from '../emails/keep-in-touch';
import type { Deps } from './deps';
import { sendContactSuggestion } from './send-contact-suggestion';
import type { SendOutcome } from './send-once';

export type FollowUpOutcome = SendOutcome | 'stale' | 'gone' | 'off';

/**
 * A contact's keep-in-touch time came: one suggestion about them, with a draft and a mailto. It
 * goes only if the contact still has this follow-up date (a touch, a snooze or `no follow-up`
 * since moved it), once per contact and date. Its one item is stored so `done` or `snooze 2 weeks`
 * in a reply applies to this person. The item stays in the digest until answered.
 */
export async function sendFollowUp(deps: Deps, event: FollowUpEvent): Promise<FollowUpOutcome> {
  const [user, contact] = await Promise.all([deps.store.getUser(event.userId), deps.store.getContact(event.userId, event.email)]);
  if (!user || !contact) return 'gone';
  // Unsubscribed from these emails (or `no follow-up` for this person): the item still waits in the digest.
  if (contact.followUpOff || user.keepInTouchOff) return 'off';
  const entry = contactDueEntry(contact);
  if (contact.nextTouchUtc !== event.dueUtc || entry?.kind !== 'follow-up') return 'stale';

  const firstFollowUp = (contact.interviewIds?.length ?? 0) <= 1 && !contact.cadenceMonths && contact.lastTouchUtc === contact.firstMetUtc;
  return sendContactSuggestion(deps, user, {
    sendKey: `touch#${contact.email}#${event.dueUtc}`,
    entry,
    tokenKind: 'keep-in-touch',
    unsubscribe: 'keep-in-touch',
    email: renderKeepInTouch({ user, contact, firstFollowUp, domain: deps.config.domain }),
  });
}
