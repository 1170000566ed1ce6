import type { Interview } from '../domain/model';
import { component, contentLine, icalText, utcDate, utcDateTime } from './content-lines';

/**
 * `interviews.ics`: one VEVENT per interview (RFC 5545), written by content-lines.ts, each with the UID of
 * the invitation it came from, so a calendar that holds the original matches it rather than
 * adding a copy. Times are UTC (a calendar shows them in its own zone); an all-day event keeps
 * its DATE. People go in the description, not as ATTENDEEs, so importing sends no one anything.
 */

const PRODUCT_ID = '-//Rapport//Interview export//EN';

function describe(interview: Interview): string {
  const contact = interview.contact
    ? interview.contact.name
      ? `${interview.contact.name} <${interview.contact.email}>`
      : interview.contact.email
    : undefined;
  return [
    contact ? `With: ${contact}` : undefined,
    interview.company ? `Company: ${interview.company}` : undefined,
    interview.role ? `Role: ${interview.role}` : undefined,
    `Status: ${interview.status}`,
    interview.thankYouSentAt ? `Thank-you sent: ${interview.thankYouSentAt}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}

function time(name: string, utc: string, allDay: boolean): string {
  return allDay ? contentLine(`${name};VALUE=DATE`, utcDate(utc)) : contentLine(name, utcDateTime(utc));
}

function event(interview: Interview): string[] {
  return component('VEVENT', [
    contentLine('UID', icalText(interview.calendarUid)),
    contentLine('DTSTAMP', utcDateTime(interview.updatedAt)),
    time('DTSTART', interview.startUtc, interview.allDay),
    time('DTEND', interview.endUtc, interview.allDay),
    contentLine('SEQUENCE', String(interview.sequence)),
    contentLine('SUMMARY', icalText(interview.title)),
    contentLine('STATUS', interview.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'),
    ...(interview.location ? [contentLine('LOCATION', icalText(interview.location))] : []),
    // URL is a URI (RFC 5545 §3.8.4.6), written as it is.
    ...(interview.videoUrl ? [contentLine('URL', interview.videoUrl)] : []),
    contentLine('DESCRIPTION', icalText(describe(interview))),
  ]);
}

export function interviewsIcs(interviews: readonly Interview[]): string {
  const lines = component('VCALENDAR', [
    contentLine('PRODID', PRODUCT_ID),
    contentLine('VERSION', '2.0'),
    contentLine('CALSCALE', 'GREGORIAN'),
    ...interviews.flatMap(event),
  ]);
  return `${lines.join('\r\n')}\r\n`;
}
