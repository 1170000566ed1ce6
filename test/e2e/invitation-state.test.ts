import { outboxOf, runtimePerTest, sendOverSmtp, waitForOutbox } from '../support/runtime-driver';

/**
 * Calendar invitations through `npm start`'s SMTP server, read back from its outbox: a panel chat's
 * people, the user's own changes outliving a re-forward, cancelled copies, and all-day events.
 */
const USER = 'Eva Musterfrau <eva@example.de>';
const LOG = 'log@rapport.localhost';

interface InvitationShape {
  uid: string;
  sequence: number;
  method?: 'REQUEST' | 'CANCEL';
  /** Local Berlin time `YYYYMMDDTHHMMSS`, or a DATE `YYYYMMDD` for an all-day event. */
  start: string;
  allDay?: boolean;
  summary: string;
  attendees?: string[];
}

let forwards = 0;
/** A forwarded invitation shaped like Google Calendar's: multipart/alternative, text then text/calendar. */
function forwardedInvitation(shape: InvitationShape): string {
  forwards += 1;
  const method = shape.method ?? 'REQUEST';
  const when = shape.allDay
    ? [`DTSTART;VALUE=DATE:${shape.start}`]
    : [`DTSTART;TZID=Europe/Berlin:${shape.start}`, `DTEND;TZID=Europe/Berlin:${shape.start.slice(0, 11)}4500`];
  const attendees = (shape.attendees ?? ['Eva Musterfrau:eva@example.de']).map((entry) => {
    const [name, email] = entry.split(':');
    return `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=${name}:mailto:${email}`;
  });
  const ics = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Berlin',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    ...when,
    'DTSTAMP:20270220T120000Z',
    'ORGANIZER;CN=Jane Doe:mailto:jane@acme.io',
    `UID:${shape.uid}`,
    ...attendees,
    'CREATED:20270220T115900Z',
    'LAST-MODIFIED:20270220T120000Z',
    `SEQUENCE:${shape.sequence}`,
    `STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${shape.summary}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const boundary = `000000000000rapport${forwards}`;
  const prefix = method === 'CANCEL' ? 'Canceled event' : 'Invitation';
  return [
    `From: ${USER}`,
    `To: ${LOG}`,
    `Subject: Fwd: ${prefix}: ${shape.summary}`,
    'Date: Mon, 1 Mar 2027 10:00:00 +0100',
    `Message-ID: <fwd-${forwards}@example.de>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    '---------- Forwarded message ---------',
    'From: Jane Doe <jane@acme.io>',
    `Subject: ${prefix}: ${shape.summary}`,
    '',
    `${shape.summary}`,
    '',
    `--${boundary}`,
    `Content-Type: text/calendar; charset="UTF-8"; method=${method}`,
    'Content-Transfer-Encoding: 7bit',
    '',
    ics,
    '',
    `--${boundary}--`,
    '',
  ].join('\n');
}

describe('npm start: invitations whose state stays the user’s', () => {
  const local = runtimePerTest('rapport-e2e-invitations-');

  const send = async (raw: string, to = LOG) =>
    expect(await sendOverSmtp(local.runtime, raw, { from: 'eva@example.de', to })).toMatch(/^250/);
  let replies = 0;
  const reply = (to: string, lines: string[]) => {
    replies += 1;
    return send(
      [
        `From: ${USER}`,
        `To: ${to}`,
        'Subject: Re: Logged',
        `Message-ID: <reply-${replies}@example.de>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        ...lines,
        '',
      ].join('\n'),
      to,
    );
  };
  const nextEmail = async (count: number) => (await waitForOutbox(local.runtime, count)).at(count - 1)!;

  it('lists every person of a panel chat in the confirmation, the organizer first', async () => {
    await local.start('2027-03-01T09:00:00Z');
    await send(
      forwardedInvitation({
        uid: 'panel-1@google.com',
        sequence: 0,
        start: '20270304T150000',
        summary: 'Panel chat: hardware team',
        attendees: ['Omar Haddad:omar@acme.io', 'Eva Musterfrau:eva@example.de', 'Li Wei:li@acme.io', 'Jane Doe:jane@acme.io'],
      }),
    );
    const confirmation = await nextEmail(1);
    expect(confirmation.subject).toBe('Logged: chat with Jane Doe (Acme) — Thu 4 Mar 15:00 CET');
    expect(confirmation.text).toContain('With: Jane Doe (jane@acme.io)\nAlso there: Omar Haddad, Li Wei\n');
    expect(confirmation.text).not.toMatch(/Also there:.*Eva/);
  });

  it('keeps the user’s reschedule over a re-forward of the same version, and answers cancelled copies as cancelled', async () => {
    const runtime = await local.start('2027-03-01T09:00:00Z');
    const version = (sequence: number, method?: 'CANCEL') =>
      forwardedInvitation({ uid: 'state-1@google.com', sequence, method, start: '20270304T150000', summary: 'Coffee with Jane' });
    await send(version(0));
    const confirmation = await nextEmail(1);
    expect(confirmation.subject).toBe('Logged: coffee chat with Jane Doe (Acme) — Thu 4 Mar 15:00 CET');

    await reply(confirmation.replyTo!, ['reschedule Fri 5 Mar 2027 10:00']);
    const moved = await nextEmail(2);
    expect(moved.text).toContain('Moved the interview to Fri 5 Mar 2027, 10:00');
    expect(moved.text).toContain('When: Fri 5 Mar 2027, 10:00–10:45 CET (Europe/Berlin)');

    await send(version(0));
    const again = await nextEmail(3);
    // The same SEQUENCE again: the user's time stays, and the answer says why.
    expect(again.text).toContain('You moved this interview to Fri 5 Mar 2027, 10:00');
    expect(again.text).toContain('same version of the invitation, so it stays there');
    expect(again.text).toContain('When: Fri 5 Mar 2027, 10:00–10:45 CET (Europe/Berlin)');
    expect(again.text).not.toContain('Thu 4 Mar');

    await send(version(1, 'CANCEL'));
    const cancelled = await nextEmail(4);
    expect(cancelled.subject).toBe('Cancelled: coffee chat with Jane Doe (Acme) — reminders stopped');
    expect(cancelled.text).toContain('No prep brief and no thank-you draft will be sent');

    await send(version(0));
    const old = await nextEmail(5);
    expect(old.text).toContain('older copy of an invitation that was cancelled, so nothing changed: it stays cancelled');
    expect(old.subject).not.toMatch(/^Logged/);
    expect(await outboxOf(runtime)).toHaveLength(5);
  });

  it('logs an all-day event for its day, asks for the time, and logs the time the user replies with', async () => {
    const runtime = await local.start('2027-03-01T09:00:00Z');
    await send(
      forwardedInvitation({ uid: 'allday-1@google.com', sequence: 0, start: '20270304', allDay: true, summary: 'Chat with Jane' }),
    );
    const question = await nextEmail(1);
    expect(question.subject).toBe('When is your “Chat with Jane”?');
    expect(question.text).toContain('When: Thu 4 Mar 2027, all day — time missing');
    expect(question.text).toContain('read it in your time zone, Europe/Berlin');
    await reply(question.replyTo!, ['15:00, 45 minutes', '', 'Von meinem iPhone gesendet']);
    const logged = await nextEmail(2);
    expect(logged.subject).toBe('Logged: chat with Jane Doe (Acme) — Thu 4 Mar 15:00 CET');
    expect(logged.text).toContain('When: Thu 4 Mar 2027, 15:00–15:45 CET (Europe/Berlin)');
    expect(logged.text).not.toContain('iPhone');
    expect(await outboxOf(runtime)).toHaveLength(2);
  });
});
