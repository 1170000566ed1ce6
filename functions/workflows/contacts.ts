import { followUpScheduleName } from '../domain/ids';
import { firstFollowUpUtc, isOpenReferral, meetingDates, metInInterview, nextFollowUpUtc, thankYouDueEntry } from '../domain/keep-in-touch';
import type { Contact, Interview, Person, User } from '../domain/model';
import type { Deps } from './deps';

/**
 * Contacts as the workflows keep them (issue 13): everyone met, each referral and who gave it,
 * one contact per person across interviews, and a keep-in-touch schedule per contact that
 * follows its next follow-up date. Every write goes through `saveContact`, so the due index
 * (Store) and the schedule never drift from the contact.
 */

/** Writes the contact (the Store keeps the due index) and moves its keep-in-touch schedule to match. */
export async function saveContact(deps: Deps, contact: Contact): Promise<void> {
  await deps.store.putContact(contact);
  const name = followUpScheduleName(contact.userId, contact.email);
  if (!contact.nextTouchUtc || contact.followUpOff || isOpenReferral(contact)) {
    await deps.scheduler.cancel(name);
    return;
  }
  await deps.scheduler.scheduleOnce({
    name,
    atUtc: new Date(contact.nextTouchUtc),
    event: { kind: 'keep-in-touch', userId: contact.userId, email: contact.email, dueUtc: contact.nextTouchUtc },
  });
}

function freshContact(userId: string, person: Person, now: string): Contact {
  return { userId, email: person.email, ...(person.name ? { name: person.name } : {}), source: 'interview', createdAt: now };
}

/**
 * Everyone in an interview — the person met and every other attendee, never the user — becomes
 * (or stays) one contact with this interview in its history. A referral met this way is `met`;
 * a contact whose keep-in-touch clock was running starts it over from this meeting.
 */
export async function recordMeetings(deps: Deps, user: User, interview: Interview, now: string): Promise<void> {
  let added = 0;
  for (const person of peopleIn(deps, user, interview)) {
    const known = await deps.store.getContact(user.userId, person.email);
    if (!known) added += 1;
    const base = known ?? freshContact(user.userId, person, now);
    const isMain = person.email === interview.contact?.email;
    const named = {
      ...base,
      ...(base.name || !person.name ? {} : { name: person.name }),
      ...(isMain && !base.company && interview.company ? { company: interview.company } : {}),
    };
    const met = metInInterview(named, interview, now);
    // A meeting starts the keep-in-touch wait over; it is not a touch logged by hand (touchedUtc).
    const restarted =
      met.nextTouchUtc && !isOpenReferral(met) && !met.followUpOff
        ? { ...met, nextTouchUtc: nextFollowUpUtc(met.lastTouchUtc ?? interview.startUtc, met.cadenceMonths, user.timeZone) }
        : met;
    await saveContact(deps, restarted);
  }
  if (added > 0) await deps.store.addToTotals(user.userId, { contacts: added });
}

/** The people of an interview who are contacts: the person met, the other attendees and the organizer, never the user. */
function peopleIn(deps: Deps, user: User, interview: Interview): Person[] {
  const people = new Map<string, Person>();
  for (const person of [interview.contact, ...interview.attendees, interview.organizer]) {
    if (person && person.email !== user.email.toLowerCase() && !person.email.endsWith(`@${deps.config.domain}`))
      people.set(person.email, person);
  }
  return [...people.values()];
}

/**
 * After an interview moved, was cancelled, reinstated or marked a no-show: each of its people's
 * first-met, last-in-touch and keep-in-touch dates are read again from their meetings as stored
 * now (meetingDates). `interview` is the new state, in case the store still has the old one.
 */
export async function refreshMeetingDates(deps: Deps, user: User, interview: Interview, now: string): Promise<void> {
  for (const person of peopleIn(deps, user, interview)) {
    const contact = await deps.store.getContact(user.userId, person.email);
    if (!contact) continue;
    const meetings = await Promise.all(
      (contact.interviewIds ?? []).map((id) =>
        id === interview.interviewId ? Promise.resolve(interview) : deps.store.getInterview(user.userId, id),
      ),
    );
    const refreshed = meetingDates(
      contact,
      meetings.filter((m): m is Interview => m !== undefined),
      user.timeZone,
    );
    const same =
      refreshed.firstMetUtc === contact.firstMetUtc &&
      refreshed.lastTouchUtc === contact.lastTouchUtc &&
      refreshed.nextTouchUtc === contact.nextTouchUtc;
    if (!same) await saveContact(deps, { ...refreshed, updatedAt: now });
  }
}

/**
 * The thank-you went out: it is no longer owed, and the person met gets a first follow-up
 * suggestion about two weeks later (unless the user said `no follow-up` for them).
 */
export async function afterThankYouSent(deps: Deps, user: User, interview: Interview, now: string): Promise<string | undefined> {
  await deps.store.deleteDueEntry(user.userId, thankYouDueEntry(interview));
  const person = interview.contact;
  if (!person) return undefined;
  const known = await deps.store.getContact(user.userId, person.email);
  const contact = known ?? metInInterview(freshContact(user.userId, person, now), interview, now);
  if (contact.followUpOff) return undefined;
  const nextTouchUtc = firstFollowUpUtc(now, user.timeZone);
  await saveContact(deps, { ...contact, nextTouchUtc, updatedAt: now });
  if (!known) await deps.store.addToTotals(user.userId, { contacts: 1 });
  return nextTouchUtc;
}
