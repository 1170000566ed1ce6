import PostalMime from 'postal-mime';
import type { MotoServer } from '../test/support/moto-server';

/** The rehearsal's user and the person they will meet. */
export const USER = { name: 'Alex Morgan', address: 'alex@example.com' };
const CONTACT = { name: 'Priya Natarajan', address: 'priya@northwind-robotics.com' };
/** Far enough ahead that every reminder is in the future: the prep brief is scheduled, not sent at once. */
const DAYS_AHEAD = 10;

/** The header lines of a message the rehearsal's user writes to `to`, dated `now` (RFC 5322 wants "+0000", not "GMT"). */
export function headersFromUser(to: string, subject: string, now: Date, messageId: string): string[] {
  return [
    `From: ${USER.name} <${USER.address}>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}@example.com>`,
  ];
}

function icsDate(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * A forwarded calendar invitation as Google Calendar sends one (text/calendar, METHOD:REQUEST),
 * for a 30-minute coffee chat at 15:00 Berlin time ten days from now, so the rehearsal never rots.
 */
export function forwardedInvitation(domain: string, now: Date, messageId: string): { raw: string; startsOn: string } {
  const day = icsDate(new Date(now.getTime() + DAYS_AHEAD * 86_400_000));
  const ics = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Rapport rehearsal//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `DTSTART;TZID=Europe/Berlin:${day}T150000`,
    `DTEND;TZID=Europe/Berlin:${day}T153000`,
    `DTSTAMP:${icsDate(now)}T090000Z`,
    `ORGANIZER;CN=${CONTACT.name}:mailto:${CONTACT.address}`,
    `UID:rehearsal-${messageId}@northwind-robotics.com`,
    `ATTENDEE;CN=${USER.name};PARTSTAT=NEEDS-ACTION:mailto:${USER.address}`,
    `ATTENDEE;CN=${CONTACT.name};PARTSTAT=ACCEPTED:mailto:${CONTACT.address}`,
    'SUMMARY:Coffee chat: Alex + Priya (Northwind Robotics)',
    'LOCATION:https://meet.google.com/abc-defg-hij',
    'SEQUENCE:0',
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const raw = [
    ...headersFromUser(`log@${domain}`, 'Fwd: Invitation: Coffee chat: Alex + Priya (Northwind Robotics)', now, messageId),
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="rehearsal"',
    '',
    '--rehearsal',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    '---------- Forwarded message ---------',
    `From: ${CONTACT.name} <${CONTACT.address}>`,
    'Subject: Invitation: Coffee chat: Alex + Priya (Northwind Robotics)',
    '',
    '--rehearsal',
    'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
    '',
    ics,
    '--rehearsal--',
    '',
  ].join('\r\n');
  return { raw, startsOn: day };
}

/**
 * An invitation forwarded from Outlook as text only, no calendar part: its time is a labelled
 * line ("When: Tuesday, December 15, 2026 11:00 AM-11:30 AM (UTC+01:00) Amsterdam, Berlin, …")
 * that inbound-email queues unread and process-inbound reads. 11:00 Berlin time, twelve days on.
 */
export function textForwardedInvitation(domain: string, now: Date, messageId: string): { raw: string; startUtc: Date; when: string } {
  const day = new Date(now.getTime() + (DAYS_AHEAD + 2) * 86_400_000);
  const date = day.toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  });
  const when = `${date} 11:00 AM-11:30 AM (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`;
  const raw = [
    ...headersFromUser(`log@${domain}`, 'FW: Informational interview: Alex / Sam (Contoso)', now, messageId),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    '-----Original Appointment-----',
    'From: Sam Rivera <sam.rivera@contoso.example>',
    'Subject: Informational interview: Alex / Sam (Contoso)',
    `When: ${when}.`,
    'Where: Microsoft Teams Meeting',
    '',
  ].join('\r\n');
  return { raw, startUtc: berlinElevenOn(day), when };
}

/** 11:00 in Berlin on `day`'s Berlin date, as an instant (Berlin is UTC+1 in winter, UTC+2 in summer). */
function berlinElevenOn(day: Date): Date {
  const [year, month, date] = day.toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' }).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(Date.UTC(year, month - 1, date, 11 - offsetHours));
    if (candidate.toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }) === '11:00')
      return candidate;
  }
  throw new Error(`no 11:00 in Berlin on ${year}-${month}-${date}`);
}

/** The SES Lambda-action event for a message the receipt rule stored (headers and verdicts, no body). */
export function sesReceiptEvent(input: { messageId: string; recipient: string; functionArn: string; now: Date }) {
  const pass = { status: 'PASS' };
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: input.now.toISOString(),
            source: USER.address,
            messageId: input.messageId,
            destination: [input.recipient],
            headersTruncated: false,
            headers: [],
            commonHeaders: { from: [`${USER.name} <${USER.address}>`], to: [input.recipient] },
          },
          receipt: {
            timestamp: input.now.toISOString(),
            processingTimeMillis: 120,
            recipients: [input.recipient],
            spamVerdict: pass,
            virusVerdict: pass,
            spfVerdict: pass,
            dkimVerdict: pass,
            dmarcVerdict: pass,
            action: { type: 'Lambda', functionArn: input.functionArn, invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

export interface SentEmail {
  to: string;
  subject: string;
  date: string;
  text: string;
  /** The attached files' names. */
  attachments: string[];
}

/** Every email sent through the emulator's SES (SESv2 raw sends land in moto's SES store). */
export async function sentEmails(server: MotoServer): Promise<SentEmail[]> {
  const raw = ((await server.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
  return Promise.all(
    raw.map(async ({ raw_data }) => {
      const parsed = await PostalMime.parse(raw_data);
      return {
        to: (parsed.to ?? []).map((a) => a.address).join(', '),
        subject: parsed.subject ?? '',
        date: parsed.date ?? '',
        text: parsed.text ?? '',
        attachments: parsed.attachments.map((a) => a.filename ?? ''),
      };
    }),
  );
}
