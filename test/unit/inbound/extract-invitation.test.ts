import { extractInvitationFromCalendar } from '../../../functions/inbound/extract-invitation';
import { readInvitation } from '../../../functions/inbound/read-invitation';
import { MAX_MESSAGE_BYTES, MessageTooLargeError, parseMessage } from '../../../functions/inbound/parse-message';
import { LIMITS } from '../../../functions/domain/model';

function mail(headers: Record<string, string>, body: string, contentType = 'text/plain; charset=utf-8'): string {
  const lines = Object.entries({ 'MIME-Version': '1.0', 'Content-Type': contentType, ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}`;
}

function calendar(event: string, extra = ''): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', extra, 'BEGIN:VEVENT', event.trim(), 'END:VEVENT', 'END:VCALENDAR']
    .filter(Boolean)
    .join('\r\n');
}

/** When the test messages "arrived"; only a message without a Date header is read against it. */
const RECEIVED_AT = new Date('2024-07-01T07:00:00Z');

async function extract(raw: string, receivedAt = RECEIVED_AT) {
  return readInvitation(await parseMessage(raw), receivedAt);
}

describe('reading an invitation forwarded as text', () => {
  test('reads the time of an Outlook forward from its "When:" line, in the zone the line names', async () => {
    const result = await extract(
      mail(
        {
          From: 'Sam <sam@example.com>',
          To: 'log@rapport.test',
          Subject: 'FW: Coffee chat with Jane',
          Date: 'Mon, 1 Jul 2024 09:00:00 +0200',
        },
        [
          'FYI',
          '',
          '-----Original Appointment-----',
          'From: Jane Doe <jane@acme.example>',
          'Sent: Monday, July 1, 2024 8:12 AM',
          'To: Sam',
          'Subject: Coffee chat with Jane',
          'When: Tuesday, July 9, 2024 3:00 PM-3:30 PM (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna.',
          'Where: Microsoft Teams Meeting',
          '',
          'Join: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=x',
        ].join('\n'),
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      invitation: {
        source: 'text',
        forwarded: true,
        // Berlin is on summer time (UTC+2) in July even though the label says UTC+01:00.
        startUtc: '2024-07-09T13:00:00Z',
        endUtc: '2024-07-09T13:30:00Z',
        timeZone: expect.stringMatching(/^Europe\/(Berlin|Amsterdam)$/),
        title: 'Coffee chat with Jane',
        organizerEmail: 'jane@acme.example',
        organizerName: 'Jane Doe',
        location: 'Microsoft Teams Meeting',
        videoUrl: expect.stringContaining('https://teams.microsoft.com/l/meetup-join/'),
      },
    });
  });

  test('reads a Gmail forward whose "When" label stands on its own line as wall-clock time, not in the Date header offset', async () => {
    const result = await extract(
      mail(
        {
          From: 'sam@example.com',
          To: 'log@rapport.test',
          Subject: 'Fwd: Invitation: Informational interview',
          Date: 'Wed, 4 Dec 2024 10:00:00 -0500',
        },
        [
          '---------- Forwarded message ---------',
          'From: Jane Doe <jane@acme.example>',
          'Date: Wed, Dec 4, 2024 at 9:41 AM',
          'Subject: Invitation: Informational interview',
          '',
          'Informational interview',
          'When',
          'Thursday Dec 12, 2024 ⋅ 2pm – 2:30pm',
          'Organizer',
          'Jane Doe jane@acme.example',
        ].join('\n'),
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      invitation: { startLocal: '2024-12-12T14:00:00', endLocal: '2024-12-12T14:30:00', forwarded: true, title: 'Informational interview' },
    });
    expect(result.ok && result.invitation.startUtc).toBe(undefined);
  });

  test('does not guess a numeric date that reads two ways', async () => {
    const result = await extract(
      mail(
        { From: 'sam@example.com', To: 'log@rapport.test', Subject: 'Fwd: Coffee chat', Date: 'Wed, 4 Dec 2024 10:00:00 +0100' },
        'When: 3/4/2025 15:00\n',
      ),
    );
    expect(result).toMatchObject({ ok: false, reason: 'no-time' });
  });

  test('reports a missing time instead of guessing when the invitation gives no day', async () => {
    const result = await extract(
      mail(
        { From: 'sam@example.com', Subject: 'Fwd: Invitation: chat with Bob', Date: 'Wed, 4 Dec 2024 10:00:00 -0500' },
        'When: sometime next week, Bob will confirm\n',
      ),
    );
    expect(result).toMatchObject({ ok: false, reason: 'no-time', partial: { title: 'chat with Bob' } });
  });

  test('says there is no invitation in an ordinary message', async () => {
    const result = await extract(
      mail({ From: 'sam@example.com', Subject: 'Lunch?', Date: 'Wed, 4 Dec 2024 10:00:00 -0500' }, 'Hi, how are you doing?\n'),
    );
    expect(result).toMatchObject({ ok: false, reason: 'no-invitation' });
  });

  test('reads "Thu 15:00" in a message without a Date header against the time it arrived, not the wall clock', async () => {
    const raw = mail(
      { From: 'Sam <sam@example.com>', Subject: 'Fwd: Coffee chat with Jane' },
      'When: Thu 15:00 (Europe/Berlin)\nWhere: Café Einstein\n',
    );
    // Arrived Monday 1 July 2024: the Thursday after is 4 July, 15:00 CEST.
    expect(await extract(raw, new Date('2024-07-01T07:00:00Z'))).toMatchObject({
      ok: true,
      invitation: { startUtc: '2024-07-04T13:00:00Z', timeZone: 'Europe/Berlin' },
    });
    // The same bytes arriving in January read as the next Thursday then, in winter time.
    expect(await extract(raw, new Date('2025-01-06T07:00:00Z'))).toMatchObject({
      ok: true,
      invitation: { startUtc: '2025-01-09T14:00:00Z', timeZone: 'Europe/Berlin' },
    });
  });

  test('does not take a forward header\'s "Date:" for the event time', async () => {
    const result = await extract(
      mail(
        { From: 'sam@example.com', Subject: 'Fwd: meeting notes', Date: 'Wed, 4 Dec 2024 10:00:00 -0500' },
        '---------- Forwarded message ---------\nFrom: Jane <jane@acme.example>\nDate: Wed, Dec 4, 2024 at 9:41 AM\nSubject: meeting notes\n\nNotes attached.\n',
      ),
    );
    expect(result).toMatchObject({ ok: false, reason: 'no-time' });
  });
});

describe('reading iCalendar data', () => {
  test('reads an all-day event as dates, with the end date exclusive', () => {
    const result = extractInvitationFromCalendar(
      calendar('UID:a1\nSUMMARY:Career fair\nDTSTART;VALUE=DATE:20250310\nDTEND;VALUE=DATE:20250311'),
    );
    expect(result).toMatchObject({ ok: true, invitation: { startDate: '2025-03-10', endDate: '2025-03-11', title: 'Career fair' } });
    expect(result.ok && result.invitation.startUtc).toBeFalsy();
  });

  test('keeps a floating time as written, without inventing a zone', () => {
    const result = extractInvitationFromCalendar(calendar('UID:f1\nSUMMARY:Call\nDTSTART:20250310T150000\nDURATION:PT30M'));
    expect(result).toMatchObject({ ok: true, invitation: { startLocal: '2025-03-10T15:00:00', endLocal: '2025-03-10T15:30:00' } });
    expect(result.ok && result.invitation.startUtc).toBeUndefined();
  });

  test("keeps a <script> title as text, unescaped and trimmed (escaping is the renderer's job)", () => {
    const result = extractInvitationFromCalendar(calendar('UID:x1\nSUMMARY:  <script>alert(1)</script>\\, hi  \nDTSTART:20250310T150000Z'));
    expect(result).toMatchObject({ ok: true, invitation: { title: '<script>alert(1)</script>, hi' } });
  });

  test('bounds every string a hostile calendar can grow', () => {
    const long = 'x'.repeat(5000);
    const attendees = Array.from({ length: 80 }, (_, i) => `ATTENDEE:mailto:p${i}@example.com`).join('\n');
    const result = extractInvitationFromCalendar(
      calendar(`UID:${long}\nSUMMARY:${long}\nLOCATION:${long}\nDTSTART:20250310T150000Z\n${attendees}`),
    );
    if (!result.ok) throw new Error(result.detail);
    expect(result.invitation.title).toHaveLength(LIMITS.title);
    expect(result.invitation.location).toHaveLength(LIMITS.location);
    expect(result.invitation.uid).toHaveLength(LIMITS.calendarUid);
    expect(result.invitation.attendees).toHaveLength(LIMITS.attendees);
  });

  test('drops a malformed property but keeps the rest of the event', () => {
    const result = extractInvitationFromCalendar(
      calendar('UID:m1\nSUMMARY:Still here\nATTENDEE;CN="broken\nDTSTART:20250310T150000Z\nDTEND:20250310T153000Z'),
    );
    expect(result).toMatchObject({
      ok: true,
      invitation: { title: 'Still here', startUtc: '2025-03-10T15:00:00Z', endUtc: '2025-03-10T15:30:00Z' },
    });
  });

  test('maps a bare abbreviation TZID to its Windows zone and applies its summer time', () => {
    const result = extractInvitationFromCalendar(calendar('UID:z1\nDTSTART;TZID="FLE":20210726T090000\nDTEND;TZID="FLE":20210726T100000'));
    expect(result).toMatchObject({
      ok: true,
      invitation: { tzid: 'FLE', startLocal: '2021-07-26T09:00:00', startUtc: '2021-07-26T06:00:00Z' },
    });
  });

  test('uses the MIME method= parameter when the calendar has no METHOD, and reads an ORGANIZER without mailto:', async () => {
    const ics = calendar(
      'UID:o1\nSUMMARY:Webinar\nORGANIZER;CN=Zoom:no-reply@zoom.example\nDTSTART:20250310T150000Z\nLOCATION:https://us02web.zoom.us/j/123456789',
    );
    const raw = mail({ From: 'a@example.com', Subject: 'Webinar' }, ics, 'text/calendar; method=request; charset=utf-8');
    expect(await extract(raw)).toMatchObject({
      ok: true,
      invitation: {
        method: 'REQUEST',
        organizerEmail: 'no-reply@zoom.example',
        organizerName: 'Zoom',
        videoUrl: 'https://us02web.zoom.us/j/123456789',
      },
    });
  });

  test('finds the calendar inside a message forwarded as an attachment and marks the invitation forwarded', async () => {
    const inner = mail(
      { From: 'jane@acme.example', Subject: 'Chat' },
      calendar('UID:i1\nSUMMARY:Chat\nDTSTART:20250310T150000Z'),
      'text/calendar; method=REQUEST',
    );
    const outer = mail(
      { From: 'sam@example.com', Subject: 'see below' },
      [
        '--b',
        'Content-Type: text/plain',
        '',
        'see attached',
        '--b',
        'Content-Type: message/rfc822',
        'Content-Disposition: attachment; filename="chat.eml"',
        '',
        inner,
        '--b--',
        '',
      ].join('\n'),
      'multipart/mixed; boundary="b"',
    );
    expect(await extract(outer)).toMatchObject({
      ok: true,
      invitation: { title: 'Chat', forwarded: true, startUtc: '2025-03-10T15:00:00Z' },
    });
  });
});

describe('parsing a raw message', () => {
  test('refuses a message larger than a mail server delivers', async () => {
    await expect(parseMessage(new Uint8Array(MAX_MESSAGE_BYTES + 1))).rejects.toBeInstanceOf(MessageTooLargeError);
  });

  test("keeps the sender's UTC offset from the Date header", async () => {
    const message = await parseMessage(mail({ From: 'a@example.com', Date: 'Fri, 22 Oct 2021 14:15:20 -0330' }, 'hi'));
    expect(message.dateOffsetMinutes).toBe(-210);
    expect(message.date).toBe('2021-10-22T17:45:20.000Z');
  });
});
