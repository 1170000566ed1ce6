import type { OutboundAttachment } from '../ports';
import { contactsCsv } from './contacts-csv';
import { interviewsIcs } from './calendar';
import { interviewsCsv } from './interviews-csv';
import type { ExportRecords } from './records';
import { contactsVcf } from './vcard';

/** The four files `export` answers with: a spreadsheet, a contacts app and a calendar each open one. */
export function exportFiles(input: ExportRecords): OutboundAttachment[] {
  const file = (filename: string, contentType: string, text: string): OutboundAttachment => ({
    filename,
    contentType,
    content: Buffer.from(text, 'utf8'),
  });
  return [
    file('interviews.csv', 'text/csv; charset=utf-8; header=present', interviewsCsv(input)),
    file('contacts.csv', 'text/csv; charset=utf-8; header=present', contactsCsv(input)),
    file('contacts.vcf', 'text/vcard; charset=utf-8', contactsVcf(input)),
    file('interviews.ics', 'text/calendar; charset=utf-8', interviewsIcs(input)),
  ];
}
