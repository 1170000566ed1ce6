import type { Contact, Interview } from '../domain/model';
import type { OutboundAttachment } from '../ports';
import { contactsCsv } from './contacts-csv';
import { interviewsIcs } from './calendar';
import { interviewsCsv } from './interviews-csv';
import { contactsVcf } from './vcard';

/** The four files `export` answers with: a spreadsheet, a contacts app and a calendar each open one. */
export function exportFiles(input: { interviews: readonly Interview[]; contacts: readonly Contact[]; zone: string }): OutboundAttachment[] {
  const file = (filename: string, contentType: string, text: string): OutboundAttachment => ({
    filename,
    contentType,
    content: Buffer.from(text, 'utf8'),
  });
  return [
    file('interviews.csv', 'text/csv; charset=utf-8; header=present', interviewsCsv(input.interviews, input.zone)),
    file('contacts.csv', 'text/csv; charset=utf-8; header=present', contactsCsv(input.contacts, input.zone)),
    file('contacts.vcf', 'text/vcard; charset=utf-8', contactsVcf(input.contacts)),
    file('interviews.ics', 'text/calendar; charset=utf-8', interviewsIcs(input.interviews)),
  ];
}
