import type { Contact, Interview, Note } from '../domain/model';
import { CALENDAR_END, calendarEvent, calendarStart } from './calendar';
import { contactRow, contactsCsvHeader } from './contacts-csv';
import { ExportFile, LooseBytes } from './export-file';
import { interviewRow, interviewsCsvHeader } from './interviews-csv';
import { LOOSE_FILES_LIMIT_BYTES } from './mail-packing';
import { meetingLines, noteLine, outcomeOf, personText, referralLine, type ExportContext } from './records';
import { vcard } from './vcard';

/**
 * The four files `export` answers with — a spreadsheet, a contacts app and a calendar each open
 * one — written while paging through the user's records, never holding them all: at 10,000
 * interviews and 20,000 contacts the records and the files as text came to more than the
 * reminder function's memory (docs/benchmarks.md, "Export at any size"). What one file needs
 * from another kind of record is kept as the short lines it prints: the notes of each interview,
 * the referrals each brought and whom each person referred, each person's meetings.
 */

/** The user's records a page at a time (Store.historyPages). */
export interface ExportSource {
  interviews(): AsyncIterable<readonly Interview[]>;
  contacts(): AsyncIterable<readonly Contact[]>;
  notes(): AsyncIterable<readonly Note[]>;
}

export interface WrittenExport {
  files: ExportFile[];
  interviews: number;
  contacts: number;
}

/** Appends `line` to the list under `key`. */
function append(map: Map<string, string[]>, key: string, line: string): void {
  const lines = map.get(key);
  if (lines) lines.push(line);
  else map.set(key, [line]);
}

/** Each interview's notes (just what a line needs), oldest first once sorted. */
async function notesOf(source: ExportSource): Promise<Map<string, Pick<Note, 'createdAt' | 'text'>[]>> {
  const byInterview = new Map<string, Pick<Note, 'createdAt' | 'text'>[]>();
  for await (const page of source.notes())
    for (const { interviewId, createdAt, text } of page) {
      const notes = byInterview.get(interviewId);
      if (notes) notes.push({ createdAt, text });
      else byInterview.set(interviewId, [{ createdAt, text }]);
    }
  for (const notes of byInterview.values()) notes.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return byInterview;
}

/** The referrals each interview brought, and whom each person referred (by the referrer's address). */
async function referralsOf(source: ExportSource) {
  const byInterview = new Map<string, string[]>();
  const byReferrer = new Map<string, string[]>();
  for await (const page of source.contacts())
    for (const contact of page) {
      if (contact.source === 'referral' && contact.fromInterviewId) append(byInterview, contact.fromInterviewId, referralLine(contact));
      if (contact.referredBy) append(byReferrer, contact.referredBy.email, personText(contact));
    }
  return { byInterview, byReferrer };
}

export async function writeExportFiles(source: ExportSource, context: ExportContext): Promise<WrittenExport> {
  const loose = new LooseBytes(LOOSE_FILES_LIMIT_BYTES);
  const file = (name: string, contentType: string) => new ExportFile(name, contentType, loose);
  const interviewsCsv = file('interviews.csv', 'text/csv; charset=utf-8; header=present');
  const contactsCsv = file('contacts.csv', 'text/csv; charset=utf-8; header=present');
  const contactsVcf = file('contacts.vcf', 'text/vcard; charset=utf-8');
  const calendar = file('interviews.ics', 'text/calendar; charset=utf-8');

  const notes = await notesOf(source);
  const referrals = await referralsOf(source);
  const meetings = new Map<string, string[]>();
  const latestRole = new Map<string, string>();
  let interviews = 0;
  interviewsCsv.write(interviewsCsvHeader());
  calendar.write(calendarStart());
  for await (const page of source.interviews())
    for (const interview of page) {
      interviews += 1;
      const noteLines = (notes.get(interview.interviewId) ?? []).map((note) => noteLine(note, interview.startUtc, context.zone));
      const referralLines = referrals.byInterview.get(interview.interviewId) ?? [];
      interviewsCsv.write(interviewRow(interview, { notes: noteLines, referrals: referralLines }, context));
      calendar.write(
        calendarEvent(interview, { outcome: outcomeOf(interview, context.nowUtc), notes: noteLines, referrals: referralLines }),
      );
      if (!interview.contact) continue;
      for (const line of meetingLines(interview, noteLines, context)) append(meetings, interview.contact.email, line);
      if (interview.role) latestRole.set(interview.contact.email, interview.role);
    }
  calendar.write(CALENDAR_END);
  notes.clear();

  let contacts = 0;
  contactsCsv.write(contactsCsvHeader());
  for await (const page of source.contacts())
    for (const contact of page) {
      contacts += 1;
      const referred = referrals.byReferrer.get(contact.email) ?? [];
      contactsCsv.write(contactRow(contact, referred, context.zone));
      const text = { referred, meetings: meetings.get(contact.email) ?? [], title: contact.role ?? latestRole.get(contact.email) };
      contactsVcf.write(vcard(contact, text, context.zone));
    }
  return { files: [interviewsCsv, contactsCsv, contactsVcf, calendar].map((f) => f.close()), interviews, contacts };
}
