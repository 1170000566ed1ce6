import { extractInvitationFromCalendar } from '../../../functions/inbound/extract-invitation';

/**
 * Rapport's own iCalendar reader on what users forward: real Outlook zones written from 1601,
 * DST changes that only the sender's VTIMEZONE describes, and the broken lines real producers write.
 */

function read(calendar: string) {
  const result = extractInvitationFromCalendar(calendar);
  if (!result.ok) throw new Error(`no invitation: ${result.detail}`);
  return result.invitation;
}

describe('times from a sender’s own VTIMEZONE', () => {
  test('reads a zone whose changes are listed as RDATEs', () => {
    const zone = [
      'BEGIN:VTIMEZONE',
      'TZID:Listed',
      'BEGIN:DAYLIGHT',
      'DTSTART:20260329T020000',
      'RDATE:20260329T020000,20270328T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20261025T030000',
      'RDATE:20261025T030000,20271031T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'END:VTIMEZONE',
    ].join('\r\n');
    const calendar = (start: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        zone,
        'BEGIN:VEVENT',
        'UID:l1',
        `DTSTART;TZID=Listed:${start}`,
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');
    expect(read(calendar('20270327T150000')).startUtc).toBe('2027-03-27T14:00:00Z');
    expect(read(calendar('20270329T150000')).startUtc).toBe('2027-03-29T13:00:00Z');
  });

  test('reads a Windows-named zone by the zone database when its VTIMEZONE uses a rule part Rapport does not evaluate', () => {
    // 10 October: Berlin is still on summer time; a reading that ignored BYSETPOS would have changed on the 3rd.
    const calendar = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VTIMEZONE',
      'TZID:W. Europe Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16010101T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=SU;BYSETPOS=-1',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010101T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYSETPOS=-1',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:w1',
      'DTSTART;TZID=W. Europe Standard Time:20271010T150000',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(read(calendar)).toMatchObject({ timeZone: 'Europe/Berlin', startUtc: '2027-10-10T13:00:00Z' });
  });

  test('reads a time in the hour clocks skip in the offset before it, and one in the hour they repeat as its first occurrence', () => {
    const event = (start: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'BEGIN:VEVENT',
        'UID:d1',
        `DTSTART;TZID=Europe/Berlin:${start}`,
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');
    expect(read(event('20270328T023000')).startUtc).toBe('2027-03-28T01:30:00Z');
    expect(read(event('20271031T023000')).startUtc).toBe('2027-10-31T00:30:00Z');
  });
});

describe('lines real producers break', () => {
  test('drops each unreadable line on its own and keeps the rest of the invitation', () => {
    const calendar = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:b1',
      'SUMMARY:Coffee with Dana',
      'ATTENDEE;CN="Unclosed:mailto:lost@example.com',
      'a line that is no property',
      'ATTENDEE;CN=Dana Lee;RSVP:mailto:dana@example.com',
      'ORGANIZER;CN="Sam ^\'S^\' Park":mailto:sam@example.com',
      'END:VALARM',
      'DTSTART:20270302T150000Z',
      'DESCRIPTION:Bring the deck\\; we meet at the front desk\\nthen go up',
      'BEGIN:VALARM',
      'TRIGGER:-PT15M',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(read(calendar)).toMatchObject({
      title: 'Coffee with Dana',
      startUtc: '2027-03-02T15:00:00Z',
      organizerEmail: 'sam@example.com',
      organizerName: 'Sam "S" Park',
      attendees: [{ email: 'dana@example.com', name: 'Dana Lee', kind: 'individual' }],
      description: 'Bring the deck; we meet at the front desk\nthen go up',
    });
  });
});
