import { DateTime } from 'luxon';
import PostalMime, { type Email } from 'postal-mime';
import type { MotoServer } from './moto-server';

/** The header fields of an invitation as the user forwards it to log@. */
export interface ForwardHeaders {
  from: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
}

/** An invitation forwarded as one text/calendar part (METHOD:REQUEST) holding one VEVENT of the given lines. */
export function forwardedInvitation(headers: ForwardHeaders, vevent: readonly string[]): string {
  return [
    `From: ${headers.from}`,
    `To: ${headers.to}`,
    `Subject: ${headers.subject}`,
    `Date: ${headers.date}`,
    `Message-ID: ${headers.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; charset="UTF-8"; method=REQUEST',
    '',
    'BEGIN:VCALENDAR',
    'PRODID:-//Rapport tests//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    ...vevent,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/**
 * Homer's forward of a 30-minute "Call with Ned" at the wall time of `startLocal`, read in Berlin: the invitation the
 * AWS tiers log through the deployed handlers; `id` names its Message-ID and UID.
 */
export function callWithNed(input: { homer: string; domain: string; id: string; startLocal: DateTime }): string {
  const ics = (value: DateTime) => value.toFormat("yyyyMMdd'T'HHmmss");
  return forwardedInvitation(
    {
      from: `Homer <${input.homer}>`,
      to: `log@${input.domain}`,
      subject: 'Fwd: Invitation: Call with Ned',
      date: DateTime.now().setZone('Europe/Berlin').toRFC2822() ?? '',
      messageId: `<${input.id}@example.com>`,
    },
    [
      `UID:${input.id}@flanders.example`,
      `DTSTAMP:${DateTime.utc().toFormat("yyyyMMdd'T'HHmmss'Z'")}`,
      `DTSTART;TZID=Europe/Berlin:${ics(input.startLocal)}`,
      `DTEND;TZID=Europe/Berlin:${ics(input.startLocal.plus({ minutes: 30 }))}`,
      'SUMMARY:Call with Ned',
      'ORGANIZER;CN=Ned Flanders:mailto:ned@flanders.example',
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${input.homer}`,
    ],
  );
}

/** Every message moto's SES accepted, parsed as the recipient's mail client would. */
export async function sentBySes(moto: MotoServer): Promise<Email[]> {
  const raw = ((await moto.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
  return Promise.all(raw.map((message) => PostalMime.parse(message.raw_data)));
}
