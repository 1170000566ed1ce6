import { LIMITS } from '../domain/model';
import { boundedText, optionalText } from '../commons/bounded-text';
import { formatIsoDate } from '../commons/wall-clock';
import { CalendarZones, type ZonedWallTime } from './calendar-zones';
import { allProperties, type CalendarComponent, firstProperty, readCalendarTree, subcomponents } from './ics-components';
import { type ContentLine, unescapeText } from './ics-content-line';
import { type DurationValue, msToWall, readDateTime, readDuration, readRecurParts, wallToMs } from './ics-values';
import type { AttendeeKind, InvitationEvent } from './invitation-types';
import { formatUtcMs, formatWallTime, ianaOffsetAt, wallTimeToUtc } from './time-zones';
import { findVideoUrl, wholeValueUrl } from './video-link';

/**
 * iCalendar text → the events it holds, with times resolved to UTC where the file says enough
 * to do so. Our own reader (ics-components.ts) parses, each line once; the reading of each
 * property is ours too, because real files quote, misplace and misname things that a strict
 * reader would reject.
 */

/** A calendar export can hold thousands of events; an invitation holds a handful. */
const MAX_EVENTS = 50;
/** Descriptions are kept for the video link and context, not as a document. */
const MAX_DESCRIPTION_CHARS = LIMITS.note;
/** Times outside these years are not an interview's (and VTIMEZONE evaluation stays bounded). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;
const DAY_MS = 86_400_000;

/** X- properties where producers put the join link (Google, Microsoft, Zoom and friends). */
const VIDEO_PROPERTIES = new Set([
  'X-GOOGLE-CONFERENCE',
  'X-MICROSOFT-SKYPETEAMSMEETINGURL',
  'X-MICROSOFT-ONLINEMEETINGEXTERNALLINK',
  'X-ZOOM-MEETING-URL',
  'CONFERENCE',
  'URL',
]);

/**
 * Properties whose value is TEXT (RFC 5545 §3.3.11) unless a VALUE parameter says otherwise;
 * every other value (URI, CAL-ADDRESS, X- properties) is read as written.
 */
const TEXT_PROPERTIES = new Set(['UID', 'SUMMARY', 'STATUS', 'LOCATION', 'DESCRIPTION', 'METHOD', 'TZID', 'COMMENT']);

export interface CalendarContents {
  method?: string;
  events: InvitationEvent[];
  /** Index into `events` of the primary event: the master without RECURRENCE-ID, else the first. */
  primary: number;
}

/** Reads a calendar; `undefined` when the text holds no VEVENT. `mimeMethod` is the MIME part's `method=`. */
export function readCalendar(raw: string, mimeMethod?: string): CalendarContents | undefined {
  const { root } = readCalendarTree(raw);
  if (!root) return undefined;
  const zones = new CalendarZones(root);
  const method = optionalText(textValue(firstProperty(root, 'METHOD')) ?? mimeMethod, 20)?.toUpperCase();
  const vevents = subcomponents(root, 'VEVENT').slice(0, MAX_EVENTS);
  if (vevents.length === 0) return undefined;
  const events = vevents.map((vevent) => readEvent(vevent, zones, method));
  const masterIndex = vevents.findIndex((vevent) => !firstProperty(vevent, 'RECURRENCE-ID'));
  return { ...(method ? { method } : {}), events, primary: masterIndex >= 0 ? masterIndex : 0 };
}

function readEvent(vevent: CalendarComponent, zones: CalendarZones, method: string | undefined): InvitationEvent {
  const event: InvitationEvent = { attendees: [] };
  if (method) event.method = method;

  const uid = optionalText(textValue(firstProperty(vevent, 'UID')), LIMITS.calendarUid);
  if (uid) event.uid = uid;
  const sequence = Number(firstProperty(vevent, 'SEQUENCE')?.value ?? Number.NaN);
  if (Number.isSafeInteger(sequence) && sequence >= 0) event.sequence = sequence;

  const summary = firstProperty(vevent, 'SUMMARY');
  // An empty SUMMARY is still a title the sender chose (none); keep it as '' rather than absent.
  if (summary) event.title = boundedText(textValue(summary) ?? '', LIMITS.title);
  const status = optionalText(textValue(firstProperty(vevent, 'STATUS')), 20);
  if (status) event.status = status.toUpperCase();

  readTimes(vevent, zones, event);

  const organizer = firstProperty(vevent, 'ORGANIZER');
  const organizerPerson = organizer ? readPerson(organizer) : undefined;
  if (organizerPerson) {
    event.organizerEmail = organizerPerson.email;
    if (organizerPerson.name) event.organizerName = organizerPerson.name;
  }
  for (const property of allProperties(vevent, 'ATTENDEE')) {
    if (event.attendees.length >= LIMITS.attendees) break;
    const person = readPerson(property);
    if (person && !event.attendees.some((a) => a.email === person.email)) {
      event.attendees.push({ ...person, kind: attendeeKind(property.params.cutype) });
    }
  }

  const location = optionalText(textValue(firstProperty(vevent, 'LOCATION')), LIMITS.location);
  if (location) event.location = location;
  const description = optionalText(textValue(firstProperty(vevent, 'DESCRIPTION')), MAX_DESCRIPTION_CHARS);
  if (description) event.description = description;

  // The rule as written (its parts in the writer's order), when it reads as NAME=VALUE parts.
  const rrule = firstProperty(vevent, 'RRULE')?.value;
  const rule = rrule !== undefined && readRecurParts(rrule) ? optionalText(rrule, 1000) : undefined;
  if (rule) event.rrule = rule;

  const videoUrl = videoUrlOf(vevent, location, description);
  if (videoUrl) event.videoUrl = videoUrl;
  return event;
}

function videoUrlOf(vevent: CalendarComponent, location?: string, description?: string): string | undefined {
  const fromProperties = vevent.properties.filter((p) => VIDEO_PROPERTIES.has(p.name)).map(textValue);
  return (
    findVideoUrl([...fromProperties, location, description]) ?? fromProperties.map(wholeValueUrl).find(Boolean) ?? wholeValueUrl(location)
  );
}

// ---- times ------------------------------------------------------------------------------

interface ReadTime extends ZonedWallTime {
  allDay: boolean;
}

function readTimes(vevent: CalendarComponent, zones: CalendarZones, event: InvitationEvent): void {
  const start = readTime(firstProperty(vevent, 'DTSTART'));
  if (!start) return;
  if (start.tzid) {
    event.tzid = optionalText(start.tzid, 200) ?? start.tzid;
    const timeZone = zones.ianaFor(start.tzid, start.wall.year);
    if (timeZone) event.timeZone = timeZone;
  }
  const end = readTime(firstProperty(vevent, 'DTEND'));
  const duration = end ? undefined : durationOf(vevent);

  if (start.allDay) {
    event.startDate = formatIsoDate(start.wall);
    // An all-day event without an end lasts its day (RFC 5545 §3.6.1).
    const endMs = end?.allDay
      ? wallToMs(end.wall)
      : wallToMs(start.wall) + (duration ? duration.days * DAY_MS + duration.seconds * 1000 : DAY_MS);
    event.endDate = formatIsoDate(msToWall(endMs));
    return;
  }

  applyInstant(start, zones, event, 'start');
  if (end && !end.allDay) {
    applyInstant(end, zones, event, 'end');
  } else if (duration) {
    if (!start.utc) event.endLocal = formatWallTime(msToWall(wallToMs(start.wall) + duration.days * DAY_MS + duration.seconds * 1000));
    if (event.startUtc)
      event.endUtc = formatUtcMs(endOfDuration(Date.parse(event.startUtc), duration, start.utc ? undefined : event.timeZone));
  }

  const recurrence = readTime(firstProperty(vevent, 'RECURRENCE-ID'));
  if (recurrence && !recurrence.allDay) {
    const instant = zones.toUtc(recurrence);
    if (instant) event.recurrenceIdUtc = instant;
  }
}

/**
 * DURATION counts wall-clock days and elapsed hours (RFC 5545 §3.3.6): a day across a DST change
 * keeps the time of day, an hour is an hour. Without an IANA zone, days are 24 hours.
 */
function endOfDuration(startUtcMs: number, duration: DurationValue, timeZone: string | undefined): number {
  const offset = timeZone && duration.days > 0 ? ianaOffsetAt(timeZone, startUtcMs) : undefined;
  if (!timeZone || offset === undefined) return startUtcMs + duration.days * DAY_MS + duration.seconds * 1000;
  const endWall = msToWall(startUtcMs + offset * 60_000 + duration.days * DAY_MS);
  const endDayUtc = wallTimeToUtc(endWall, timeZone);
  return (endDayUtc ? Date.parse(endDayUtc) : startUtcMs + duration.days * DAY_MS) + duration.seconds * 1000;
}

function applyInstant(time: ReadTime, zones: CalendarZones, event: InvitationEvent, which: 'start' | 'end'): void {
  if (!time.utc) {
    if (which === 'start') event.startLocal = formatWallTime(time.wall);
    else event.endLocal = formatWallTime(time.wall);
  }
  const instant = zones.toUtc(time);
  if (instant) {
    if (which === 'start') event.startUtc = instant;
    else event.endUtc = instant;
  }
}

function readTime(property: ContentLine | undefined): ReadTime | undefined {
  const read = property ? readDateTime(property.value) : undefined;
  if (!property || !read || read.wall.year < MIN_YEAR || read.wall.year > MAX_YEAR) return undefined;
  const tzid = read.utc ? undefined : property.params.tzid;
  return { wall: read.wall, allDay: read.allDay, utc: read.utc, ...(tzid ? { tzid } : {}) };
}

function durationOf(vevent: CalendarComponent): DurationValue | undefined {
  const value = firstProperty(vevent, 'DURATION')?.value;
  return value ? readDuration(value) : undefined;
}

// ---- people -----------------------------------------------------------------------------

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function readPerson(property: ContentLine): { email: string; name?: string } | undefined {
  const value = property.value;
  // Seen in the wild: MAILTO: in capitals, the whole value quoted, no scheme at all (Zoom).
  const fromValue = stripScheme(stripQuotes(value.trim())).trim();
  const fromParameter = property.params.email !== undefined ? stripScheme(property.params.email).trim() : undefined;
  // Length before the pattern: its overlapping classes make a long value cost quadratic time.
  const address = [fromValue, fromParameter].find((candidate) => candidate && candidate.length <= LIMITS.email && EMAIL.test(candidate));
  if (!address) return undefined;
  const cn = property.params.cn;
  const name = optionalText(cn === undefined ? undefined : stripQuotes(cn), LIMITS.name);
  // Many producers fill CN with the address itself (or a typo of it); that is not a name.
  const isName = name !== undefined && !name.includes('@');
  return { email: address.toLowerCase(), ...(isName ? { name } : {}) };
}

function stripQuotes(text: string): string {
  const start = text.startsWith('"') ? 1 : 0;
  const end = text.length > start && text.endsWith('"') ? text.length - 1 : text.length;
  return text.slice(start, end);
}

function stripScheme(text: string): string {
  return text.slice(0, 7).toLowerCase() === 'mailto:' ? text.slice(7) : text;
}

function attendeeKind(cutype: string | undefined): AttendeeKind {
  switch (cutype === undefined ? 'INDIVIDUAL' : cutype.toUpperCase()) {
    case 'INDIVIDUAL':
      return 'individual';
    case 'ROOM':
      return 'room';
    case 'RESOURCE':
      return 'resource';
    case 'GROUP':
      return 'group';
    default:
      return 'unknown';
  }
}

// ---- values -----------------------------------------------------------------------------

/** A property's value as text: TEXT values unescaped (RFC 5545 §3.3.11), others as written; `undefined` when absent. */
function textValue(property: ContentLine | undefined): string | undefined {
  if (!property) return undefined;
  const type = property.params.value?.toUpperCase();
  const isText = type === undefined ? TEXT_PROPERTIES.has(property.name) : type === 'TEXT';
  return isText ? unescapeText(property.value) : property.value;
}
