import type { Interview } from '../domain/model';
import { component, contentLine, icalText, utcDate, utcDateTime } from './content-lines';
import { personText } from './records';

/**
 * `interviews.ics`: one VEVENT per interview (RFC 5545), written by content-lines.ts, each with the UID of
 * the invitation it came from, so a calendar that holds the original matches it rather than
 * adding a copy. Times are UTC (a calendar shows them in its own zone); an all-day event keeps
 * its DATE. People, the outcome, notes and referrals go in the description, not as ATTENDEEs, so
 * importing sends no one anything. A meeting that did not happen (cancelled, no-show) is CANCELLED.
 */

const PRODUCT_ID = '-//Rapport//Interview export//EN';

export interface EventText {
  outcome: string;
  notes: readonly string[];
  referrals: readonly string[];
}

function describe(interview: Interview, text: EventText): string {
  return [
    interview.contact ? `With: ${personText(interview.contact)}` : undefined,
    interview.company ? `Company: ${interview.company}` : undefined,
    interview.role ? `Role: ${interview.role}` : undefined,
    `Status: ${interview.status}`,
    `Outcome: ${text.outcome}`,
    interview.thankYouSentAt ? `Thank-you sent: ${interview.thankYouSentAt}` : undefined,
    ...(text.referrals.length > 0 ? ['Referrals:', ...text.referrals.map((line) => `- ${line}`)] : []),
    ...(text.notes.length > 0 ? ['Notes:', ...text.notes.map((line) => `- ${line}`)] : []),
  ]
    .filter(Boolean)
    .join('\n');
}

function time(name: string, utc: string, allDay: boolean): string {
  return allDay ? contentLine(`${name};VALUE=DATE`, utcDate(utc)) : contentLine(name, utcDateTime(utc));
}

function event(interview: Interview, text: EventText): string[] {
  return component('VEVENT', [
    contentLine('UID', icalText(interview.calendarUid)),
    contentLine('DTSTAMP', utcDateTime(interview.updatedAt)),
    time('DTSTART', interview.startUtc, interview.allDay),
    time('DTEND', interview.endUtc, interview.allDay),
    contentLine('SEQUENCE', String(interview.sequence)),
    contentLine('SUMMARY', icalText(interview.title)),
    contentLine('STATUS', interview.status === 'cancelled' || interview.status === 'no-show' ? 'CANCELLED' : 'CONFIRMED'),
    ...(interview.location ? [contentLine('LOCATION', icalText(interview.location))] : []),
    // URL is a URI (RFC 5545 §3.8.4.6), written as it is.
    ...(interview.videoUrl ? [contentLine('URL', interview.videoUrl)] : []),
    contentLine('DESCRIPTION', icalText(describe(interview, text))),
  ]);
}

/** The calendar's opening lines; then one calendarEvent per interview, then CALENDAR_END. */
export function calendarStart(): string {
  const [begin] = component('VCALENDAR', []);
  return `${[begin, contentLine('PRODID', PRODUCT_ID), contentLine('VERSION', '2.0'), contentLine('CALSCALE', 'GREGORIAN')].join('\r\n')}\r\n`;
}

export function calendarEvent(interview: Interview, text: EventText): string {
  return `${event(interview, text).join('\r\n')}\r\n`;
}

export const CALENDAR_END = 'END:VCALENDAR\r\n';
