import type { Interview } from '../domain/model';
import ICAL from './ical';

/**
 * `interviews.ics`: one VEVENT per interview (RFC 5545), written by ical.js, each with the UID of
 * the invitation it came from, so a calendar that holds the original matches it rather than
 * adding a copy. Times are UTC (a calendar shows them in its own zone); an all-day event keeps
 * its DATE. People go in the description, not as ATTENDEEs, so importing sends no one anything.
 */

const PRODUCT_ID = '-//Rapport//Interview export//EN';

function describe(interview: Interview): string {
  const contact = interview.contact ? (interview.contact.name ? `${interview.contact.name} <${interview.contact.email}>` : interview.contact.email) : undefined;
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

function time(utc: string, allDay: boolean): InstanceType<typeof ICAL.Time> {
  const date = new Date(utc);
  if (!allDay) return ICAL.Time.fromJSDate(date, true);
  return ICAL.Time.fromData({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), isDate: true });
}

function event(interview: Interview): InstanceType<typeof ICAL.Component> {
  const vevent = new ICAL.Component('vevent');
  vevent.addPropertyWithValue('uid', interview.calendarUid);
  vevent.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(new Date(interview.updatedAt), true));
  vevent.addPropertyWithValue('dtstart', time(interview.startUtc, interview.allDay));
  vevent.addPropertyWithValue('dtend', time(interview.endUtc, interview.allDay));
  vevent.addPropertyWithValue('sequence', interview.sequence);
  vevent.addPropertyWithValue('summary', interview.title);
  vevent.addPropertyWithValue('status', interview.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
  if (interview.location) vevent.addPropertyWithValue('location', interview.location);
  if (interview.videoUrl) vevent.addPropertyWithValue('url', interview.videoUrl);
  vevent.addPropertyWithValue('description', describe(interview));
  return vevent;
}

export function interviewsIcs(interviews: readonly Interview[]): string {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('prodid', PRODUCT_ID);
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  for (const interview of interviews) calendar.addSubcomponent(event(interview));
  return `${calendar.toString()}\r\n`;
}
