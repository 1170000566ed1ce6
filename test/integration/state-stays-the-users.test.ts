import { DOMAIN, interviewsIn2027, startHarness, type Harness } from '../support/workflow-harness';

const USER = 'Alex Morgan <alex@example.org>';

let forwards = 0;
/** A calendar invitation written for these tests; `allDay` makes it a DATE event. */
function invitation(options: { sequence: number; start?: string; method?: 'REQUEST' | 'CANCEL'; allDay?: string }): string {
  forwards += 1;
  const start = options.start ?? '20270304T150000';
  const when = options.allDay
    ? [`DTSTART;VALUE=DATE:${options.allDay}`]
    : [`DTSTART;TZID=Europe/Berlin:${start}`, `DTEND;TZID=Europe/Berlin:${start.slice(0, 11)}3000`];
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Rapport tests//EN',
    `METHOD:${options.method ?? 'REQUEST'}`,
    'BEGIN:VEVENT',
    'UID:panel-chat@acme.io',
    `SEQUENCE:${options.sequence}`,
    'DTSTAMP:20270220T120000Z',
    ...when,
    'SUMMARY:Chat with Jane',
    'ORGANIZER;CN=Jane Doe:mailto:jane@acme.io',
    'ATTENDEE;CN=Alex Morgan:mailto:alex@example.org',
    `STATUS:${options.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  return [
    `From: ${USER}`,
    `To: log@${DOMAIN}`,
    'Subject: Fwd: Invitation: Chat with Jane',
    'Date: Mon, 1 Mar 2027 10:00:00 +0100',
    `Message-ID: <inv-${forwards}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
    '',
    ics,
    '',
  ].join('\r\n');
}

describe('state stays the user’s', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ now: '2027-03-01T09:00:00Z' });
  });
  afterEach(async () => harness.close());

  const interview = async () => (await interviewsIn2027(harness, 'alex@example.org'))[0];
  const lastText = async () => (await harness.outbox()).at(-1)!.text;

  it('keeps a manual reschedule when the same invitation is forwarded again, and moves only for a newer SEQUENCE', async () => {
    await harness.deliver(invitation({ sequence: 0 }));
    const confirmation = (await harness.outbox())[0]!.replyTo!;
    await harness.deliver(`From: ${USER}\r\nSubject: Re\r\nMessage-ID: <r1@example.org>\r\n\r\nmoved to Fri 5 Mar 2027 10:00\r\n`, {
      to: confirmation,
    });
    expect(await interview()).toMatchObject({ startUtc: '2027-03-05T09:00:00Z' });

    await harness.deliver(invitation({ sequence: 0 }));
    expect(await interview()).toMatchObject({ startUtc: '2027-03-05T09:00:00Z' });
    expect(await lastText()).toContain('You moved this interview to Fri 5 Mar 2027, 10:00');

    await harness.deliver(invitation({ sequence: 1, start: '20270308T140000' }));
    expect(await interview()).toMatchObject({ startUtc: '2027-03-08T13:00:00Z' });
  });

  it('answers an old copy of a cancelled invitation as cancelled', async () => {
    await harness.deliver(invitation({ sequence: 0 }));
    await harness.deliver(invitation({ sequence: 1, method: 'CANCEL' }));
    await harness.deliver(invitation({ sequence: 0 }));
    expect(await interview()).toMatchObject({ status: 'cancelled' });
    expect(await lastText()).toContain('older copy of an invitation that was cancelled');
    expect(await lastText()).not.toContain('stays on');
  });

  it('asks for the time of an all-day event, naming its day, and logs it on that day', async () => {
    expect(await harness.deliver(invitation({ sequence: 0, allDay: '20270304' }))).toMatchObject({ detail: { outcome: 'needs-time' } });
    const [question] = await harness.outbox();
    expect(question!.text).toContain('Thu 4 Mar 2027, all day — time missing');
    await harness.deliver(`From: ${USER}\r\nSubject: Re\r\nMessage-ID: <t1@example.org>\r\n\r\n15:00, 45 minutes\r\n`, {
      to: question!.replyTo!,
    });
    expect(await interview()).toMatchObject({
      title: 'Chat with Jane',
      startUtc: '2027-03-04T14:00:00Z',
      endUtc: '2027-03-04T14:45:00Z',
      contact: { email: 'jane@acme.io' },
    });
  });
});
