import Papa from 'papaparse';
import ical from 'node-ical';
import { parse as parseVcard } from 'vcard4';
import { writeExportFiles } from '../../../functions/export/export-files';
import type { Contact, Interview, Note } from '../../../functions/domain/model';

/**
 * The export as the apps that open it read it: papaparse for the spreadsheet files, vcard4 for
 * the contacts, node-ical for the calendar — none of them the library that wrote the file.
 */
const userId = 'u1';
const interview = (overrides: Partial<Interview>): Interview => ({
  userId,
  interviewId: 'a1',
  calendarUid: '040000008200E00074C5B7101A82E008@outlook.example',
  sequence: 2,
  version: 1,
  status: 'done',
  title: 'Coffee chat, "career change"; data',
  startUtc: '2027-03-02T14:00:00Z',
  endUtc: '2027-03-02T14:30:00Z',
  allDay: false,
  attendees: [],
  contact: { email: 'priya@acme.example', name: 'Priya Raman' },
  company: 'Acme; Inc',
  role: 'Data lead',
  thankYouSentAt: '2027-03-02T18:00:00Z',
  createdAt: '2027-02-20T10:00:00Z',
  updatedAt: '2027-03-02T18:00:00Z',
  ...overrides,
});
const contacts: Contact[] = [
  {
    userId,
    email: 'priya@acme.example',
    name: 'Priya Raman',
    company: 'Acme; Inc',
    role: 'Data lead',
    source: 'interview',
    interviewIds: ['a1'],
    firstMetUtc: '2027-03-02T14:00:00Z',
    lastTouchUtc: '2027-03-02T14:00:00Z',
    nextTouchUtc: '2027-03-17T08:00:00Z',
    notes: 'Likes\nshort, specific updates',
    createdAt: '2027-03-02T14:00:00Z',
  },
  {
    userId,
    email: 'bob@lee.io',
    name: '=HYPERLINK("http://evil.example","Bob")',
    source: 'referral',
    referredBy: { email: 'priya@acme.example', name: 'Priya Raman' },
    referralState: 'suggested',
    fromInterviewId: 'a1',
    context: 'runs the analytics guild',
    createdAt: '2027-03-02T18:00:00Z',
  },
];
const notes: Note[] = [
  { userId, interviewId: 'a1', createdAt: '2027-03-01T09:00:00Z', text: 'Ask about the data contracts; rollout' },
  { userId, interviewId: 'a1', createdAt: '2027-03-02T15:00:00Z', text: 'She offered to introduce me to Bob' },
  { userId, interviewId: 'a3', createdAt: '2027-03-09T12:00:00Z', text: 'Waited 20 minutes' },
];
const base = { notes, nowUtc: '2027-03-20T12:00:00Z' };

/** The records in pages of two, as Store.historyPages hands them over, written as the export writes them. */
async function exportFiles(records: { interviews: Interview[]; contacts: Contact[]; notes: Note[]; zone: string; nowUtc: string }) {
  const pages = <T>(items: T[]) =>
    async function* () {
      for (let at = 0; at < items.length; at += 2) yield items.slice(at, at + 2);
    };
  const source = { interviews: pages(records.interviews), contacts: pages(records.contacts), notes: pages(records.notes) };
  const { files } = await writeExportFiles(source, { zone: records.zone, nowUtc: records.nowUtc });
  return files.map((f) => ({ filename: f.name, contentType: f.contentType, content: f.content! }));
}
const files = async () =>
  Object.fromEntries(
    (
      await exportFiles({
        ...base,
        interviews: [
          interview({}),
          interview({
            interviewId: 'a2',
            calendarUid: 'day@x',
            allDay: true,
            startUtc: '2027-04-01T00:00:00Z',
            endUtc: '2027-04-02T00:00:00Z',
            status: 'cancelled',
          }),
          interview({
            interviewId: 'a3',
            calendarUid: 'noshow@x',
            startUtc: '2027-03-09T11:00:00Z',
            endUtc: '2027-03-09T11:30:00Z',
            status: 'no-show',
            role: undefined,
            thankYouSentAt: undefined,
          }),
        ],
        contacts,
        zone: 'Europe/Berlin',
      })
    ).map((f) => [f.filename, { ...f, text: Buffer.from(f.content).toString('utf8') }]),
  );

describe('export files', () => {
  it('writes interviews.csv that a spreadsheet reads: one row per interview, local times with the zone named', async () => {
    const { text } = (await files())['interviews.csv']!;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(3);
    expect(parsed.data[0]).toMatchObject({
      start: '2027-03-02 15:00',
      end: '2027-03-02 15:30',
      time_zone: 'Europe/Berlin',
      title: 'Coffee chat, "career change"; data',
      contact_email: 'priya@acme.example',
      company: 'Acme; Inc',
      calendar_uid: '040000008200E00074C5B7101A82E008@outlook.example',
    });
    expect(parsed.data[1]).toMatchObject({ start: '2027-04-01', status: 'cancelled', outcome: 'cancelled', notes: '' });
    expect(text).toContain('\r\n');
  });

  it("puts each interview's outcome, dated notes (before or after the meeting) and referrals in interviews.csv", async () => {
    const parsed = Papa.parse<Record<string, string>>((await files())['interviews.csv']!.text.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data[0]).toMatchObject({
      outcome: 'held',
      notes:
        '2027-03-01 10:00 (before the meeting): Ask about the data contracts; rollout\n' +
        '2027-03-02 16:00 (after the meeting): She offered to introduce me to Bob',
      referrals: '\'=HYPERLINK("http://evil.example","Bob") <bob@lee.io> (suggested)',
    });
    expect(parsed.data[2]).toMatchObject({
      status: 'no-show',
      outcome: 'no-show',
      notes: '2027-03-09 13:00 (after the meeting): Waited 20 minutes',
    });
  });

  it('writes contacts.csv with every person, and no cell a spreadsheet would run as a formula', async () => {
    const parsed = Papa.parse<Record<string, string>>((await files())['contacts.csv']!.text.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((row) => row.email)).toEqual(['priya@acme.example', 'bob@lee.io']);
    expect(parsed.data[0]).toMatchObject({
      first_met: '2027-03-02 15:00',
      next_follow_up: '2027-03-17 09:00',
      follow_up_every_months: '3',
      interviews: '1',
      notes: 'Likes\nshort, specific updates',
    });
    expect(parsed.data[1]).toMatchObject({
      name: '\'=HYPERLINK("http://evil.example","Bob")',
      referred_by: 'Priya Raman <priya@acme.example>',
      referral_state: 'suggested',
    });
  });

  it('writes contacts.vcf as vCard 4.0 cards a contacts app reads back', async () => {
    const { text, contentType } = (await files())['contacts.vcf']!;
    expect(contentType).toMatch(/^text\/vcard/);
    const cards = text
      .split(/(?<=END:VCARD\r\n)/)
      .filter((card) => card.trim() !== '')
      .map((card) => parseVcard(card));
    expect(cards).toHaveLength(2);
    const value = (card: (typeof cards)[number], property: string) => card.parsedVcard.find((p) => p.property === property)?.value;
    // vcard4 checks VERSION:4.0 itself and leaves it out of the properties it gives back.
    expect(text.match(/^VERSION:4\.0\r$/gm)).toHaveLength(2);
    expect(value(cards[0]!, 'FN')).toBe('Priya Raman');
    expect(value(cards[0]!, 'N')).toMatchObject({ familyNames: 'Raman', givenNames: 'Priya' });
    expect(value(cards[0]!, 'EMAIL')).toBe('priya@acme.example');
    expect(value(cards[0]!, 'ORG')).toBe('Acme; Inc');
    expect(value(cards[0]!, 'TITLE')).toBe('Data lead');
    expect(value(cards[0]!, 'NOTE')).toContain('Likes\nshort, specific updates');
    expect(value(cards[1]!, 'NOTE')).toContain('Referred by Priya Raman <priya@acme.example>');
    expect(value(cards[1]!, 'RELATED')).toBe('mailto:priya@acme.example');
    const priyaNote = String(value(cards[0]!, 'NOTE'));
    expect(priyaNote).toContain('Referred you to =HYPERLINK("http://evil.example","Bob") <bob@lee.io>');
    expect(priyaNote).toContain('2027-03-02 15:00 Coffee chat, "career change"; data — held');
    expect(priyaNote).toContain('2027-03-01 10:00 (before the meeting): Ask about the data contracts; rollout');
    expect(priyaNote).toContain('2027-03-09 12:00 Coffee chat, "career change"; data — no-show');
  });

  it('gives a contact without a role of their own the job title of their interview', async () => {
    const exported = await exportFiles({
      ...base,
      interviews: [interview({})],
      contacts: [{ ...contacts[0]!, role: undefined }],
      zone: 'UTC',
    });
    const card = parseVcard(Buffer.from(exported.find((f) => f.filename === 'contacts.vcf')!.content).toString('utf8'));
    expect(card.parsedVcard.find((p) => p.property === 'TITLE')?.value).toBe('Data lead');
  });

  it('writes interviews.ics with one event per interview under its original UID', async () => {
    const { text } = (await files())['interviews.ics']!;
    const events = Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    expect(events.map((e) => e.uid)).toEqual(['040000008200E00074C5B7101A82E008@outlook.example', 'day@x', 'noshow@x']);
    expect(events[0]!.start.toISOString()).toBe('2027-03-02T14:00:00.000Z');
    expect(events[0]!.end!.toISOString()).toBe('2027-03-02T14:30:00.000Z');
    expect(events[0]!.summary).toBe('Coffee chat, "career change"; data');
    expect(events[0]!.description).toContain('With: Priya Raman <priya@acme.example>');
    expect(events[1]!.datetype).toBe('date');
    expect(events[1]!.status).toBe('CANCELLED');
    expect(events[0]!.status).toBe('CONFIRMED');
    expect(events[0]!.description).toContain('Outcome: held');
    expect(events[0]!.description).toContain('- 2027-03-02 16:00 (after the meeting): She offered to introduce me to Bob');
    expect(events[0]!.description).toContain('Referrals:\n- =HYPERLINK("http://evil.example","Bob") <bob@lee.io> (suggested)');
    expect(events[2]!.status).toBe('CANCELLED');
    expect(events[2]!.description).toContain('Outcome: no-show');
  });

  it('folds long lines of accented and emoji text so that readers get every character back', async () => {
    const note = 'Zoë suggested the Søren–Åsa reading group 📚; bring questions about data contracts, pipelines and "ownership". '
      .repeat(3)
      .trim();
    const exported = Object.fromEntries(
      (
        await exportFiles({
          ...base,
          interviews: [interview({ title: note })],
          contacts: [{ ...contacts[0]!, notes: note }],
          zone: 'Europe/Berlin',
        })
      ).map((f) => [f.filename, Buffer.from(f.content).toString('utf8')]),
    );
    for (const text of [exported['interviews.ics']!, exported['contacts.vcf']!]) {
      expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    }
    const event = Object.values(ical.sync.parseICS(exported['interviews.ics']!)).find((c): c is ical.VEvent => c?.type === 'VEVENT');
    expect(event?.summary).toBe(note);
    const card = parseVcard(exported['contacts.vcf']!);
    expect(card.parsedVcard.find((p) => p.property === 'NOTE')?.value).toContain(note);
  });
});
