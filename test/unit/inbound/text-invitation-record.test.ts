import { InboundMail, MAX_TIME_READS, MAX_WHEN_CHARS } from '../../../functions/inbound/inbound-mail';
import { readInboundMail } from '../../../functions/inbound/read-inbound-mail';
import { readInvitationTimes } from '../../../functions/inbound/text-invitation-times';

/**
 * An invitation forwarded as text crosses the queue between inbound-email and process-inbound as
 * its labelled times, unread: what the record holds is bounded and validated, and what
 * process-inbound reads from it is what the whole read in one process gives.
 */

const ENVELOPE = {
  recipients: ['log@rapport.test'],
  authenticated: true,
  deliveryId: 'text-record',
  receivedAt: new Date('2024-07-01T07:00:00Z'),
};

function textMail(headers: Record<string, string>, body: string[]): string {
  const lines = Object.entries({
    From: 'Sam <sam@example.com>',
    To: 'log@rapport.test',
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.join('\r\n')}\r\n`;
}

async function record(raw: string): Promise<InboundMail> {
  const read = await readInboundMail(raw, ENVELOPE);
  if (!read.ok) throw new Error(read.why);
  // What process-inbound receives: the record as JSON, validated again.
  return InboundMail.parse(JSON.parse(JSON.stringify(read.mail)));
}

describe('a text invitation on the queue', () => {
  it('holds at most six labelled times of at most 300 characters, from a body of a thousand', async () => {
    const long = `Tuesday ${'and then some more words '.repeat(60)}`;
    const mail = await record(
      textMail(
        { Subject: 'FW: Meeting', Date: 'Mon, 1 Jul 2024 09:00:00 +0200' },
        Array.from({ length: 1_000 }, () => `When: ${long}`),
      ),
    );

    expect(mail.invitation).toMatchObject({
      found: 'text-invitation',
      receivedAt: '2024-07-01T07:00:00.000Z',
      documents: [{ title: 'Meeting', dateOffsetMinutes: 120 }],
    });
    const documents = 'found' in mail.invitation ? mail.invitation.documents : [];
    const times = documents.flatMap((document) => document.when);
    expect(times.length).toBeLessThanOrEqual(MAX_TIME_READS);
    expect(Math.max(...times.map((time) => time.length))).toBe(MAX_WHEN_CHARS);
    // None reads as a time: the user is asked, under the invitation's title.
    expect(readInvitationTimes(mail.invitation)).toEqual({
      ok: false,
      reason: 'no-time',
      detail: expect.any(String),
      title: 'Meeting',
      // The sender is kept as the person, so the answer to the question logs the interview with them.
      organizerEmail: 'sam@example.com',
      organizerName: 'Sam',
    });
  });

  it('is refused by the schema with more than six times, or with none', async () => {
    const mail = await record(
      textMail({ Subject: 'FW: Coffee', Date: 'Mon, 1 Jul 2024 09:00:00 +0200' }, ['When: Tuesday, 9 July 2024 15:00']),
    );
    if (!('found' in mail.invitation)) throw new Error('expected a text invitation');
    const [document] = mail.invitation.documents;
    const withTimes = (when: string[]) => ({ ...mail, invitation: { ...mail.invitation, documents: [{ ...document, when }] } });

    expect(InboundMail.safeParse(withTimes(['Tuesday 15:00', 'Tuesday 15:00', 'Tuesday 15:00', 'Tuesday 15:00'])).success).toBe(true);
    const sevenInTwo = {
      ...mail,
      invitation: {
        ...mail.invitation,
        documents: [
          { ...document, when: ['a', 'b', 'c', 'd'] },
          { ...document, when: ['e', 'f', 'g'] },
        ],
      },
    };
    expect(InboundMail.safeParse(sevenInTwo).success).toBe(false);
    expect(InboundMail.safeParse(withTimes([])).success).toBe(false);
    expect(InboundMail.safeParse(withTimes(['x'.repeat(MAX_WHEN_CHARS + 1)])).success).toBe(false);
  });

  it('carries the arrival time, so process-inbound reads "Thu 15:00" of a Date-less forward as when it arrived', async () => {
    const mail = await record(
      textMail({ Subject: 'Interview with Jane' }, ['When: Thu 15:00 (Europe/Berlin)', 'Organizer: Jane Doe <jane@acme.example>']),
    );

    expect(mail.invitation).toMatchObject({
      found: 'text-invitation',
      receivedAt: '2024-07-01T07:00:00.000Z',
      documents: [{ when: ['Thu 15:00 (Europe/Berlin)'] }],
    });
    expect(readInvitationTimes(mail.invitation)).toMatchObject({
      ok: true,
      // Thursday after Monday 1 July 2024, 15:00 in Berlin (summer time).
      invitation: {
        source: 'text',
        startUtc: '2024-07-04T13:00:00Z',
        timeZone: 'Europe/Berlin',
        organizerEmail: 'jane@acme.example',
        title: 'Interview with Jane',
      },
    });
  });

  it('is not queued for an invitation with no labelled time: inbound-email answers that itself', async () => {
    const mail = await record(
      textMail({ Subject: 'Meeting next week', Date: 'Mon, 1 Jul 2024 09:00:00 +0200' }, ['Looking forward to it!']),
    );
    expect(mail.invitation).toEqual({
      ok: false,
      reason: 'no-time',
      detail: expect.any(String),
      title: 'Meeting next week',
      organizerEmail: 'sam@example.com',
      organizerName: 'Sam',
    });
  });
});
