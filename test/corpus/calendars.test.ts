import { extractInvitationFromCalendar } from '../../functions/inbound/extract-invitation';
import { readInvitation } from '../../functions/inbound/read-invitation';
import { findCalendarParts } from '../../functions/inbound/calendar-parts';
import { parseMessage } from '../../functions/inbound/parse-message';
import { corpusFile } from '../support/corpus';
import { extractFromFile } from './corpus-cases';

/**
 * Rapport's own iCalendar reader on calendars of the corpus that Exchange and Outlook wrote:
 * zones written from 1601, a TZID in quotes, lines refolded as a forward refolds them.
 */

/** The calendar part of a corpus message, as text. */
async function corpusCalendar(file: string): Promise<string> {
  return findCalendarParts(await parseMessage(corpusFile(file)))[0]!.text;
}

function read(calendar: string) {
  const result = extractInvitationFromCalendar(calendar);
  if (!result.ok) throw new Error(`no invitation: ${result.detail}`);
  return result.invitation;
}

describe('Outlook and Exchange calendars of the corpus', () => {
  test('reads an Outlook invitation in a zone only its VTIMEZONE (rules since 1601) describes, on both sides of a DST change', async () => {
    // Outlook's FLE zone under a name no zone database knows: only the VTIMEZONE's RRULEs can place the time.
    const outlook = (await corpusCalendar('invites/outlook_exchange_invite_fle.eml')).replaceAll('FLE Standard Time', 'Marge’s office');
    const winter = read(outlook);
    expect(winter).toMatchObject({
      title: 'Testaus',
      tzid: 'Marge’s office',
      startLocal: '2021-11-27T09:00:00',
      startUtc: '2021-11-27T07:00:00Z',
      endUtc: '2021-11-27T07:30:00Z',
    });
    expect(winter.timeZone).toBeUndefined();

    // The same invitation moved to the last Saturday before the change in March (BYDAY=-1SU;BYMONTH=3), then to the Monday after.
    const before = read(outlook.replaceAll('20211127T09', '20220326T09').replaceAll('20211127T093', '20220326T093'));
    const after = read(outlook.replaceAll('20211127T09', '20220328T09').replaceAll('20211127T093', '20220328T093'));
    expect(before.startUtc).toBe('2022-03-26T07:00:00Z');
    expect(after.startUtc).toBe('2022-03-28T06:00:00Z');
  });

  test('reads an invitation from a forwarded Outlook message whose lines end in a bare LF and are folded with tabs', async () => {
    const calendar = (await corpusCalendar('invites/outlook_exchange_invite_fle.eml')).replace(/\r\n/g, '\n').replace(/\n /g, '\n\t');
    const message = [
      'From: Marge <marge@example.org>',
      'Subject: Testaus',
      'MIME-Version: 1.0',
      'Content-Type: text/calendar; method=REQUEST',
      '',
      calendar,
    ].join('\n');
    const result = readInvitation(await parseMessage(message), new Date('2021-11-19T20:00:00Z'));
    expect(result).toMatchObject({
      ok: true,
      invitation: { startUtc: '2021-11-27T07:00:00Z', attendees: [{ email: 'homer@example.org', name: 'Homer' }] },
    });
  });

  test('reads the value Exchange wrote inside a quoted TZID', async () => {
    const result = await extractFromFile('ics/exchange_ms_windows_timezones.ics');
    const event = result.ok ? result.invitation.events?.find((e) => e.title === "Log Yesterday's Jira time") : undefined;
    expect(event?.startUtc).toBe('2020-06-09T07:00:00Z');
  });
});
