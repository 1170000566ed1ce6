import type { Contact, Interview, Note, Person } from '../domain/model';
import { localDateTime } from './local-time';

/**
 * What every export file says about an interview and a person, written once so the CSV, the
 * calendar and the vCard cannot tell different stories: the outcome in words, the notes with
 * their dates and whether they came before or after the meeting, and who referred whom.
 */

/** Everything `export` reads: the user's interviews, contacts and notes, and when it was asked. */
export interface ExportRecords {
  interviews: readonly Interview[];
  contacts: readonly Contact[];
  notes: readonly Note[];
  zone: string;
  nowUtc: string;
}

export type Outcome = 'held' | 'no-show' | 'cancelled' | 'upcoming' | 'past, not marked done';

/** What happened, as far as Rapport knows: only `done` is held; a past meeting nobody marked says so. */
export function outcomeOf(interview: Pick<Interview, 'status' | 'endUtc'>, nowUtc: string): Outcome {
  switch (interview.status) {
    case 'done':
      return 'held';
    case 'no-show':
      return 'no-show';
    case 'cancelled':
      return 'cancelled';
    case 'scheduled':
      return interview.endUtc > nowUtc ? 'upcoming' : 'past, not marked done';
  }
}

export function personText(person: Person): string {
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

/** Notes by interview, oldest first, each line dated in the user's zone and placed before or after the meeting. */
export function notesByInterview(records: Pick<ExportRecords, 'interviews' | 'notes' | 'zone'>): Map<string, string[]> {
  const starts = new Map(records.interviews.map((i) => [i.interviewId, i.startUtc]));
  const byInterview = new Map<string, string[]>();
  const sorted = [...records.notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const note of sorted) {
    const start = starts.get(note.interviewId);
    if (start === undefined) continue;
    const when = note.createdAt < start ? 'before the meeting' : 'after the meeting';
    const line = `${localDateTime(note.createdAt, records.zone, false)} (${when}): ${note.text}`;
    byInterview.set(note.interviewId, [...(byInterview.get(note.interviewId) ?? []), line]);
  }
  return byInterview;
}

/** The referrals each interview brought: "Bob Lee <bob@lee.io> (suggested)". */
export function referralsByInterview(contacts: readonly Contact[]): Map<string, string[]> {
  const byInterview = new Map<string, string[]>();
  for (const contact of contacts) {
    if (contact.source !== 'referral' || !contact.fromInterviewId) continue;
    const line = `${personText(contact)}${contact.referralState ? ` (${contact.referralState})` : ''}`;
    byInterview.set(contact.fromInterviewId, [...(byInterview.get(contact.fromInterviewId) ?? []), line]);
  }
  return byInterview;
}

/** Whom each person referred, by the referrer's address. */
export function referredByPerson(contacts: readonly Contact[]): Map<string, string[]> {
  const byReferrer = new Map<string, string[]>();
  for (const contact of contacts) {
    if (!contact.referredBy) continue;
    const key = contact.referredBy.email;
    byReferrer.set(key, [...(byReferrer.get(key) ?? []), personText(contact)]);
  }
  return byReferrer;
}

/** One line per interview with a person: its title, local start and outcome, then its notes indented. */
export function meetingsWith(email: string, records: ExportRecords, notes: Map<string, string[]>): string[] {
  return records.interviews
    .filter((i) => i.contact?.email === email)
    .flatMap((i) => [
      `${localDateTime(i.startUtc, records.zone, i.allDay)} ${i.title} — ${outcomeOf(i, records.nowUtc)}`,
      ...(notes.get(i.interviewId) ?? []).map((line) => `  ${line}`),
    ]);
}
