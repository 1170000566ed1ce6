/**
 * Hostile inbound mail, generated rather than stored: the attacks of issue 10 (a VTIMEZONE that
 * changes every minute since 1900, half a megabyte of unclosed HTML tags, forwards of forwards of
 * calendars) and their relatives. Anyone who can send mail to the domain reaches the parser with
 * these, before any check. The budget harness, the attack tests and the fuzz suite share them.
 */

import { MAX_ATTACHMENTS, MAX_BOUNDARY_LINES, MAX_FORWARDED_MESSAGES, MAX_LINES } from '../../functions/inbound/parse-message';

const CRLF = '\r\n';

/** A minimal message from a sender Rapport would answer, with the given body parts. */
export function message(options: { subject?: string; headers?: string[]; contentType: string; body: string }): string {
  return [
    'From: Jane Doe <jane@example.com>',
    'To: log@rapport.localhost',
    `Subject: ${options.subject ?? 'Fwd: Coffee chat'}`,
    'Date: Mon, 22 Feb 2027 09:00:00 +0100',
    'Message-ID: <hostile@example.com>',
    'MIME-Version: 1.0',
    ...(options.headers ?? []),
    `Content-Type: ${options.contentType}`,
    '',
    options.body,
  ].join(CRLF);
}

/** A message whose only part is the given calendar. */
export function calendarMessage(calendar: string, subject = 'Invitation: Coffee chat'): string {
  return message({ subject, contentType: 'text/calendar; charset=utf-8; method=REQUEST', body: calendar });
}

/** A multipart/mixed message of the given parts (each "headers\r\n\r\nbody"). */
export function multipart(parts: readonly string[], subject?: string, boundary = 'b0'): string {
  const body = [...parts.map((part) => `--${boundary}${CRLF}${part}`), `--${boundary}--`, ''].join(CRLF);
  return message({ ...(subject ? { subject } : {}), contentType: `multipart/mixed; boundary="${boundary}"`, body });
}

/** One VEVENT at 15:00–15:30 on 2 March 2027 in the given TZID (UTC when none). */
export function event(options: { uid?: string; tzid?: string; summary?: string } = {}): string {
  const zone = options.tzid ? `;TZID=${options.tzid}` : '';
  const z = options.tzid ? '' : 'Z';
  return [
    'BEGIN:VEVENT',
    `UID:${options.uid ?? 'coffee@example.com'}`,
    `DTSTART${zone}:20270302T150000${z}`,
    `DTEND${zone}:20270302T153000${z}`,
    `SUMMARY:${options.summary ?? 'Coffee chat'}`,
    'ORGANIZER;CN=Sam Lee:mailto:sam@acme.example',
    'END:VEVENT',
  ].join(CRLF);
}

export function calendar(components: readonly string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//hostile//EN', 'METHOD:REQUEST', ...components, 'END:VCALENDAR'].join(CRLF);
}

/** A VTIMEZONE of two observances that swap with the given RRULE, starting in `since`. */
export function recurringZone(tzid: string, rule: string, since = '19000101T000000'): string {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:STANDARD',
    `DTSTART:${since}`,
    `RRULE:${rule}`,
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    `DTSTART:${since.slice(0, -2)}30`,
    `RRULE:${rule}`,
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ].join(CRLF);
}

/** Issue 10: "a 360-byte calendar whose own VTIMEZONE recurs every minute since 1900". */
export function minutelyZoneCalendar(): string {
  return calendar([recurringZone('Bomb', 'FREQ=MINUTELY'), event({ tzid: 'Bomb' })]);
}

/** Issue 10: the same, recurring hourly (7.5 s and 367 MB before the fix). */
export function hourlyZoneCalendar(): string {
  return calendar([recurringZone('Bomb', 'FREQ=HOURLY'), event({ tzid: 'Bomb' })]);
}

/** The zone Outlook writes for Berlin: rules since 1601, expanded on every invitation. */
export function outlookZone(tzid = 'W. Europe Standard Time'): string {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ].join(CRLF);
}

/** A yearly rule that expands to every day of the year, every hour: 8,760 changes a year. */
export function denseYearlyZoneCalendar(): string {
  const months = Array.from({ length: 12 }, (_, i) => i + 1).join(',');
  const days = Array.from({ length: 31 }, (_, i) => i + 1).join(',');
  const hours = Array.from({ length: 24 }, (_, i) => i).join(',');
  return calendar([recurringZone('Dense', `FREQ=YEARLY;BYMONTH=${months};BYMONTHDAY=${days};BYHOUR=${hours}`), event({ tzid: 'Dense' })]);
}

/** A zone whose observances list tens of thousands of RDATEs. */
export function rdateZoneCalendar(count = 15_000): string {
  const dates: string[] = [];
  for (let i = 0; i < count; i++) {
    const year = 1901 + Math.floor(i / 300);
    const day = 1 + (i % 300);
    const month = 1 + Math.floor((day - 1) / 28);
    dates.push(`${year}${String(month).padStart(2, '0')}${String(1 + ((day - 1) % 28)).padStart(2, '0')}T020000`);
  }
  const observance = (name: string, from: string, to: string) =>
    [
      `BEGIN:${name}`,
      'DTSTART:19000101T020000',
      `RDATE:${dates.join(',')}`,
      `TZOFFSETFROM:${from}`,
      `TZOFFSETTO:${to}`,
      `END:${name}`,
    ].join(CRLF);
  return calendar([
    [
      'BEGIN:VTIMEZONE',
      'TZID:Dates',
      observance('STANDARD', '+0200', '+0100'),
      observance('DAYLIGHT', '+0100', '+0200'),
      'END:VTIMEZONE',
    ].join(CRLF),
    event({ tzid: 'Dates' }),
  ]);
}

/** Many Outlook-style zones, each named by one of many events. */
export function manyZonesCalendar(zones = 400): string {
  const components: string[] = [];
  for (let i = 0; i < zones; i++) components.push(outlookZone(`Zone ${i}`));
  for (let i = 0; i < zones; i++) components.push(event({ uid: `e${i}@example.com`, tzid: `Zone ${i}` }));
  return calendar(components);
}

/** A calendar of many events (an export, or a bomb). */
export function manyEventsCalendar(count = 20_000): string {
  return calendar(Array.from({ length: count }, (_, i) => event({ uid: `e${i}@example.com` })));
}

/** Issue 10: "half a megabyte of HTML (`<xml`, `<style `, `<a href="` repeated)". */
export function htmlBomb(unit: string, bytes = 512 * 1024): string {
  return message({
    subject: 'Re: Coffee chat',
    contentType: 'text/html; charset=utf-8',
    body: unit.repeat(Math.ceil(bytes / unit.length)),
  });
}

export const HTML_BOMB_UNITS = ['<xml', '<style ', '<a href="', '<!--', '<', '<b', '</', '&#', '<blockquote>', '<td>'] as const;

/**
 * Issue 10: forwards of forwards (`fanOut` messages per level, `depth` levels), each innermost
 * message an invitation. 25 × 25 × 25 calendars in about 7 MB took 11–20 s and 540 MB.
 */
export function forwardFanOut(fanOut = 25, depth = 3): string {
  const invitation = calendarMessage(calendar([event()]));
  let inner = invitation;
  for (let level = 0; level < depth; level++) {
    const boundary = `level${level}`;
    const attached = Array.from({ length: fanOut }, () => `Content-Type: message/rfc822${CRLF}${CRLF}${inner}`);
    inner = multipart(attached, 'Fwd: Coffee chat', boundary);
  }
  return inner;
}

/**
 * Issue 23: multiparts nested `depth` deep, a calendar innermost. postal-mime stops at the depth
 * parse-message.ts allows (50) by throwing, which dropped the message without an answer.
 */
export function nestedParts(depth = 60): string {
  let inner = `Content-Type: text/calendar; method=REQUEST${CRLF}${CRLF}${calendar([event()])}`;
  for (let level = 0; level < depth; level++) {
    const boundary = `nest${level}`;
    inner = `Content-Type: multipart/mixed; boundary="${boundary}"${CRLF}${CRLF}--${boundary}${CRLF}${inner}${CRLF}--${boundary}--${CRLF}`;
  }
  return message({ subject: 'Fwd: Coffee chat', contentType: 'text/plain; charset=utf-8', body: '' }).replace(
    /Content-Type: text\/plain; charset=utf-8\r\n\r\n$/,
    inner,
  );
}

/** A flat message of many small calendar parts. */
export function manyPartsMessage(count = 20_000): string {
  const part = `Content-Type: text/calendar; method=REQUEST${CRLF}${CRLF}${calendar([event()])}`;
  return multipart(Array.from({ length: count }, () => part));
}

/** A text invitation whose When: line is one huge run of date-like words. */
export function longWhenLine(bytes = 60 * 1024): string {
  const words = 'Tuesday 2 March 2027 at 15:00 until ';
  return message({
    subject: 'Fwd: Coffee chat',
    contentType: 'text/plain; charset=utf-8',
    body: `When: ${words.repeat(Math.ceil(bytes / words.length))}`,
  });
}

/** A text body of many labelled times, none of which chrono can finish reading. */
export function manyWhenLines(count = 8000): string {
  const body = Array.from({ length: count }, (_, i) => `When: the ${i}th of never (Central European Time - Berlin)`).join(CRLF);
  return message({ subject: 'Fwd: Invitation: Coffee chat', contentType: 'text/plain; charset=utf-8', body });
}

/** Whitespace runs that make `\s*…\s*$`-style expressions go quadratic. */
export function whitespaceRuns(prefix: string, bytes = 200 * 1024): string {
  return message({ subject: 'Re: Coffee chat', contentType: 'text/plain; charset=utf-8', body: `${prefix}${' '.repeat(bytes)}x` });
}

/** A calendar line of spaces, for the sanitizer's trailing-space trim. */
export function calendarWhitespace(bytes = 500 * 1024): string {
  return calendarMessage(calendar([`X-PAD:a${' '.repeat(bytes)}b`, event()]));
}

/** An ATTENDEE whose value is a long run of "a." (an e-mail pattern with overlapping classes). */
export function longAttendee(bytes = 500 * 1024): string {
  const attendee = `ATTENDEE:mailto:a@${'a.'.repeat(bytes / 2)}@`;
  return calendarMessage(calendar([event().replace('END:VEVENT', `${attendee}${CRLF}END:VEVENT`)]));
}

/** Short lines: postal-mime keeps each as a piece of its own (300,000 lines took 2.2 s and 630 MB). */
export function shortLines(count = 300_000, contentType = 'text/plain; charset=utf-8'): string {
  return message({ subject: 'Re: Coffee chat', contentType, body: 'a\r\n'.repeat(count) });
}

/** A few very long lines: bytes without the per-line cost. */
export function longLines(bytes = 15 * 1024 * 1024): string {
  const line = `${'word '.repeat(400_000)}\r\n`;
  return message({
    subject: 'Re: Coffee chat',
    contentType: 'text/plain; charset=utf-8',
    body: line.repeat(Math.ceil(bytes / line.length)),
  });
}

/** An invitation with a large base64 attachment beside it (a deck, a PDF), in 76-character lines or in one. */
export function largeAttachment(bytes: number, oneLine = false): string {
  const base64 = oneLine
    ? Buffer.alloc(bytes, 7).toString('base64')
    : Buffer.alloc(bytes, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  return multipart([
    `Content-Type: text/calendar; method=REQUEST${CRLF}${CRLF}${calendar([event()])}`,
    `Content-Type: application/pdf${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64}`,
  ]);
}

/** Every hostile input by name: what the harness runs and the attack tests assert on. */
export const HOSTILE_MAIL: Readonly<Record<string, () => string>> = {
  'zone-minutely': () => calendarMessage(minutelyZoneCalendar()),
  'zone-hourly': () => calendarMessage(hourlyZoneCalendar()),
  'zone-dense-yearly': () => calendarMessage(denseYearlyZoneCalendar()),
  'zone-rdates': () => calendarMessage(rdateZoneCalendar()),
  'zone-many-outlook': () => calendarMessage(manyZonesCalendar()),
  'events-many': () => calendarMessage(manyEventsCalendar()),
  ...Object.fromEntries(HTML_BOMB_UNITS.map((unit, index) => [`html-${index} ${unit}`, () => htmlBomb(unit)])),
  'forward-fan-out': () => forwardFanOut(),
  'forward-fan-out-narrow': () => forwardFanOut(6, 3),
  'lines-short': () => shortLines(),
  'lines-short-calendar': () => shortLines(300_000, 'text/calendar; method=REQUEST'),
  'lines-long': () => longLines(),
  'forward-lines-long': () => multipart([`Content-Type: message/rfc822\r\n\r\n${longLines(15 * 1024 * 1024)}`], 'Fwd: Coffee chat'),
  'lines-short-at-limit': () => shortLines(MAX_LINES - 20),
  'attachments-at-limit': () => manyPartsMessage(MAX_ATTACHMENTS),
  'boundary-lines-at-limit': () =>
    message({ subject: 'Re: Coffee chat', contentType: 'text/plain', body: `sent\r\n${'-- \r\n'.repeat(MAX_BOUNDARY_LINES - 5)}` }),
  'forwards-at-limit': () => forwardFanOut(MAX_FORWARDED_MESSAGES, 1),
  'attachment-3mb': () => largeAttachment(3 * 1024 * 1024),
  'attachment-20mb': () => largeAttachment(20 * 1024 * 1024),
  'attachment-11mb-one-line': () => largeAttachment(11 * 1024 * 1024, true),
  'mime-many-parts': () => manyPartsMessage(),
  'text-long-when': () => longWhenLine(),
  'text-many-when': () => manyWhenLines(),
  'reply-wrote-spaces': () => whitespaceRuns('On Monday Jane wrote'),
  'reply-parens': () => message({ subject: 'Re: Coffee chat', contentType: 'text/plain', body: `sent\r\n${'('.repeat(200 * 1024)}` }),
  'reply-colons': () => message({ subject: 'Re: Coffee chat', contentType: 'text/plain', body: `sent\r\n${': '.repeat(100 * 1024)}x` }),
  'reply-quote-lines': () =>
    message({
      subject: 'Re: Coffee chat',
      contentType: 'text/plain',
      body: `sent\r\n${'> On Mon, Jane <a@b.c> wrote:\r\n'.repeat(50_000)}`,
    }),
  'reply-html-quotes': () => htmlBomb('<blockquote><div>On Mon wrote:</div>', 400 * 1024),
  'text-when-spaces': () => whitespaceRuns('When'),
  'calendar-spaces': () => calendarWhitespace(),
  'calendar-long-attendee': () => longAttendee(),
};
