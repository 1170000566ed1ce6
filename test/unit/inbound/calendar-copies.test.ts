import { MAX_COPY_SEARCH_BYTES, withoutCalendarCopy } from '../../../functions/inbound/calendar-copies';
import { parseMessage } from '../../../functions/inbound/parse-message';
import { readInboundMail } from '../../../functions/inbound/read-inbound-mail';

/**
 * Google, Zoom and others send an invitation twice: a text/calendar part and the same calendar as
 * an `invite.ics` file. The file is read only when the part does not read, so the inbound read
 * leaves its body out; when the part does not read, the message is read again with it.
 */

const ENVELOPE = {
  recipients: ['log@rapport.test'],
  authenticated: true,
  deliveryId: 'calendar-copies',
  receivedAt: new Date('2027-03-01T09:00:00Z'),
};

function calendar(summary: string, start: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${summary.replace(/\W/g, '')}@example.com`,
    `DTSTART:${start}`,
    'DURATION:PT30M',
    `SUMMARY:${summary}`,
    'ORGANIZER;CN=Priya Shah:mailto:priya@example.com',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

const base64 = (text: string) =>
  (
    Buffer.from(text)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** A Google-style invitation: text and a text/calendar part as alternatives, then the calendar again as invite.ics. */
function invitation(
  actedOn: string,
  file: string,
  order: 'part-first' | 'file-first' = 'part-first',
  fileType = 'application/ics',
): string {
  const alternative = [
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Coffee chat with Priya',
    '--alt',
    'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
    'Content-Transfer-Encoding: base64',
    '',
    base64(actedOn),
    '--alt--',
  ].join('\r\n');
  const attachment = [
    `Content-Type: ${fileType}; name="invite.ics"`,
    'Content-Disposition: attachment; filename="invite.ics"',
    'Content-Transfer-Encoding: base64',
    '',
    base64(file),
  ].join('\r\n');
  const parts = order === 'part-first' ? [alternative, attachment] : [attachment, alternative];
  return [
    'From: Priya Shah <priya@example.com>',
    'To: log@rapport.test',
    'Subject: Invitation: Coffee chat',
    'Date: Mon, 1 Mar 2027 08:00:00 +0000',
    'Message-ID: <copies@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed"',
    '',
    ...parts.flatMap((part) => ['--mixed', part]),
    '--mixed--',
    '',
  ].join('\r\n');
}

const COFFEE = calendar('Coffee chat', '20270310T150000Z');

describe('a calendar sent twice, as a text/calendar part and as invite.ics', () => {
  it('leaves out the body of the .ics that follows the text/calendar part, its headers kept', () => {
    const raw = Buffer.from(invitation(COFFEE, COFFEE));
    const read = withoutCalendarCopy(raw);
    const text = Buffer.from(read!).toString('latin1');
    expect(text).toContain('filename="invite.ics"');
    expect(text.split(base64(COFFEE).split('\r\n')[0]!)).toHaveLength(2);
    expect(text).toMatch(/filename="invite.ics"\r\nContent-Transfer-Encoding: base64\r\n\r\n--mixed--\r\n$/);
    // Zoom sends its copy as text/calendar again.
    const zoom = withoutCalendarCopy(Buffer.from(invitation(COFFEE, COFFEE, 'part-first', 'text/calendar')));
    expect(Buffer.from(zoom!).toString('latin1')).toBe(
      text.replace('application/ics; name="invite.ics"', 'text/calendar; name="invite.ics"'),
    );
    // A message too large to read twice is read whole.
    const padded = invitation(COFFEE, COFFEE).replace(
      'Coffee chat with Priya',
      `Coffee chat with Priya\r\n${'x'.repeat(MAX_COPY_SEARCH_BYTES)}`,
    );
    expect(withoutCalendarCopy(Buffer.from(padded))).toBeUndefined();
    // A calendar file before the part, or none: nothing is left out.
    expect(withoutCalendarCopy(Buffer.from(invitation(COFFEE, COFFEE, 'file-first')))).toBeUndefined();
    expect(
      withoutCalendarCopy(
        Buffer.from(
          invitation(COFFEE, COFFEE)
            .replace(/invite\.ics/g, 'notes.txt')
            .replace('application/ics', 'text/plain'),
        ),
      ),
    ).toBeUndefined();
  });

  it('logs the same invitation as a read of the whole message', async () => {
    const raw = invitation(COFFEE, COFFEE);
    const read = await readInboundMail(raw, ENVELOPE);
    expect(read.ok && read.mail.invitation).toMatchObject({
      ok: true,
      invitation: { title: 'Coffee chat', startUtc: '2027-03-10T15:00:00Z', endUtc: '2027-03-10T15:30:00Z' },
    });
    expect((await parseMessage(raw, { leaveOutCalendarCopies: true })).calendarCopiesLeftOut).toBe(true);
    const whole = await parseMessage(raw);
    expect(whole.calendarCopiesLeftOut).toBeUndefined();
    expect(whole.attachments.map((a) => new TextDecoder().decode(a.content).includes('SUMMARY:Coffee chat'))).toEqual([true, true]);
  });

  it('reads the .ics when the text/calendar part holds no event', async () => {
    const broken = COFFEE.replace(/BEGIN:VEVENT[\s\S]*END:VEVENT\r\n/, '');
    const read = await readInboundMail(invitation(broken, COFFEE), ENVELOPE);
    expect(read.ok && read.mail.invitation).toMatchObject({ ok: true, invitation: { title: 'Coffee chat', source: 'icalendar' } });
  });

  it('keeps the text/calendar reading when the .ics differs: the part is what a mail client acts on', async () => {
    const read = await readInboundMail(invitation(COFFEE, calendar('Something else', '20270311T150000Z')), ENVELOPE);
    expect(read.ok && read.mail.invitation).toMatchObject({ ok: true, invitation: { title: 'Coffee chat' } });
  });

  it('reads as the whole message does when the text/calendar part is inside a forward attached whole', async () => {
    // The forward is tried after the message around it, so the whole message reads the outer .ics first.
    const forwarded = invitation(COFFEE, COFFEE).replace(/--mixed\r\nContent-Type: application\/ics[\s\S]*(?=--mixed--)/, '');
    const raw = [
      'From: Sam <sam@example.com>',
      'To: log@rapport.test',
      'Subject: Fwd: Invitation: Coffee chat',
      'Date: Mon, 1 Mar 2027 08:30:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain',
      '',
      'See below.',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      forwarded,
      '--outer',
      'Content-Type: application/ics; name="other.ics"',
      'Content-Transfer-Encoding: base64',
      '',
      base64(calendar('Something else', '20270311T150000Z')),
      '--outer--',
      '',
    ].join('\r\n');
    expect(withoutCalendarCopy(Buffer.from(raw))).toBeUndefined();
    expect((await parseMessage(raw, { leaveOutCalendarCopies: true })).calendarCopiesLeftOut).toBeUndefined();
    const whole = await parseMessage(raw);
    expect(whole.attachedMessages).toHaveLength(1);
    const read = await readInboundMail(raw, ENVELOPE);
    expect(read.ok && read.mail.invitation).toMatchObject({ ok: true, invitation: { title: 'Something else' } });
    // A forward that keeps its own copy is read whole too, once: nothing in it is left out.
    const withCopy = raw.replace(forwarded, invitation(COFFEE, COFFEE));
    const parsed = await parseMessage(withCopy, { leaveOutCalendarCopies: true });
    expect(parsed.calendarCopiesLeftOut).toBeUndefined();
    expect(parsed.attachedMessages[0]?.attachments.map((a) => a.content.byteLength > 0)).toEqual([true, true]);
  });
});
