import type { Contact, Interview, Note, Person } from '../domain/model';
import { localDateTime } from './local-time';

/**
 * What every export file says about an interview and a person, written once so the CSV, the
 * calendar and the vCard cannot tell different stories: the outcome in words, the notes with
 * their dates and whether they came before or after the meeting, and who referred whom. Each is a
 * line about one record; export-files.ts joins them across records as it pages through them.
 */

/** What every file of one export is written for: the user's zone and when the export was asked. */
export interface ExportContext {
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

/** A note's line: dated in the user's zone and placed before or after the meeting that starts at `startUtc`. */
export function noteLine(note: Pick<Note, 'createdAt' | 'text'>, startUtc: string, zone: string): string {
  const when = note.createdAt < startUtc ? 'before the meeting' : 'after the meeting';
  return `${localDateTime(note.createdAt, zone, false)} (${when}): ${note.text}`;
}

/** A referral as the interview that brought it lists it: "Bob Lee <bob@lee.io> (suggested)". */
export function referralLine(contact: Contact): string {
  return `${personText(contact)}${contact.referralState ? ` (${contact.referralState})` : ''}`;
}

/** A meeting as its person's card lists it: title, local start and outcome, then its notes indented. */
export function meetingLines(interview: Interview, notes: readonly string[], context: ExportContext): string[] {
  return [
    `${localDateTime(interview.startUtc, context.zone, interview.allDay)} ${interview.title} — ${outcomeOf(interview, context.nowUtc)}`,
    ...notes.map((line) => `  ${line}`),
  ];
}
