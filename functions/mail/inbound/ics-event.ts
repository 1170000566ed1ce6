import ICAL, { type IcalComponent, type IcalProperty } from './ical';
import { DateTime, Duration } from 'luxon';
import { LIMITS } from '../../domain/model';
import { boundedText, optionalText } from '../../commons/bounded-text';
import { sanitizeCalendar } from './ics-sanitize';
import { ReadLimitError } from './read-budget';
import type { AttendeeKind, InvitationEvent } from './invitation-types';
import {
  formatDate,
  formatUtc,
  formatWallTime,
  resolveTzid,
  type WallTime,
  wallTimeToUtc,
  zoneObservesDst,
  zoneOffsetAt,
} from './time-zones';
import { findVideoUrl, wholeValueUrl } from './video-link';
import { zoneForYear } from './zone-window';

/**
 * iCalendar text → the events it holds, with times resolved to UTC where the file says enough
 * to do so. ical.js parses; the reading of each property is ours, because real files quote,
 * misplace and misname things that a strict reader would reject.
 */

/** A calendar export can hold thousands of events; an invitation holds a handful. */
export const MAX_EVENTS = 50;
/** Descriptions are kept for the video link and context, not as a document. */
const MAX_DESCRIPTION_CHARS = LIMITS.note;
/** VTIMEZONE expansion is bounded by the years an interview can plausibly be in. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/** X- properties where producers put the join link (Google, Microsoft, Zoom and friends). */
const VIDEO_PROPERTIES = [
  'x-google-conference',
  'x-microsoft-skypeteamsmeetingurl',
  'x-microsoft-onlinemeetingexternallink',
  'x-zoom-meeting-url',
  'conference',
  'url',
];

export interface CalendarContents {
  method?: string;
  events: InvitationEvent[];
  /** Index into `events` of the primary event: the master without RECURRENCE-ID, else the first. */
  primary: number;
}

/** Reads a calendar; `undefined` when the text holds no VEVENT. `mimeMethod` is the MIME part's `method=`. */
export function readCalendar(raw: string, mimeMethod?: string): CalendarContents | undefined {
  const { text } = sanitizeCalendar(raw);
  try {
    return readComponents(text, mimeMethod);
  } catch (error) {
    if (error instanceof ReadLimitError) throw error;
    // ical.js throws deep inside on structures it half-parsed (a calendar nested in a calendar,
    // a component cut off); such a calendar is unreadable, not a reason to fail the whole email.
    return undefined;
  }
}

function readComponents(text: string, mimeMethod: string | undefined): CalendarContents | undefined {
  const parsed = ICAL.parse(text) as unknown[];
  // Several top-level components parse to a list of them; the first calendar is the one that counts.
  const root: IcalComponent = new ICAL.Component((typeof parsed[0] === 'string' ? parsed : parsed[0]) as never);
  const zones = new CalendarZones(root);
  const method = optionalText(textValue(root.getFirstProperty('method')) ?? mimeMethod, 20)?.toUpperCase();
  const vevents = root.getAllSubcomponents('vevent').slice(0, MAX_EVENTS);
  const rawRules = rawEventValues(text, 'RRULE');
  const read: { vevent: IcalComponent; event: InvitationEvent }[] = [];
  vevents.forEach((vevent, index) => {
    try {
      read.push({ vevent, event: readEvent(vevent, zones, method, rawRules[index]) });
    } catch (error) {
      if (error instanceof ReadLimitError) throw error;
      // One malformed event costs only itself.
    }
  });
  if (read.length === 0) return undefined;
  const masterIndex = read.findIndex(({ vevent }) => !vevent.hasProperty('recurrence-id'));
  return { ...(method ? { method } : {}), events: read.map((r) => r.event), primary: masterIndex >= 0 ? masterIndex : 0 };
}

function readEvent(vevent: IcalComponent, zones: CalendarZones, method: string | undefined, rawRule?: string): InvitationEvent {
  const event: InvitationEvent = { attendees: [] };
  if (method) event.method = method;

  const uid = optionalText(textValue(vevent.getFirstProperty('uid')), LIMITS.calendarUid);
  if (uid) event.uid = uid;
  const sequence = Number(textValue(vevent.getFirstProperty('sequence')));
  if (Number.isSafeInteger(sequence) && sequence >= 0) event.sequence = sequence;

  const summary = vevent.getFirstProperty('summary');
  // An empty SUMMARY is still a title the sender chose (none); keep it as '' rather than absent.
  if (summary) event.title = boundedText(textValue(summary) ?? '', LIMITS.title);
  const status = optionalText(textValue(vevent.getFirstProperty('status')), 20);
  if (status) event.status = status.toUpperCase();

  readTimes(vevent, zones, event);

  const organizer = vevent.getFirstProperty('organizer');
  const organizerPerson = organizer ? readPerson(organizer) : undefined;
  if (organizerPerson) {
    event.organizerEmail = organizerPerson.email;
    if (organizerPerson.name) event.organizerName = organizerPerson.name;
  }
  for (const property of vevent.getAllProperties('attendee')) {
    if (event.attendees.length >= LIMITS.attendees) break;
    const person = readPerson(property);
    if (person && !event.attendees.some((a) => a.email === person.email)) {
      event.attendees.push({ ...person, kind: attendeeKind(property.getParameter('cutype')) });
    }
  }

  const location = optionalText(textValue(vevent.getFirstProperty('location')), LIMITS.location);
  if (location) event.location = location;
  const description = optionalText(textValue(vevent.getFirstProperty('description')), MAX_DESCRIPTION_CHARS);
  if (description) event.description = description;

  // The rule as written: ical.js re-serialises parts in its own order.
  const rule = vevent.hasProperty('rrule') ? optionalText(rawRule, 1000) : undefined;
  if (rule) event.rrule = rule;

  const videoUrl = videoUrlOf(vevent, location, description);
  if (videoUrl) event.videoUrl = videoUrl;
  return event;
}

function videoUrlOf(vevent: IcalComponent, location?: string, description?: string): string | undefined {
  const properties = vevent.getAllProperties().filter((p) => VIDEO_PROPERTIES.includes(p.name));
  const fromProperties = properties.map((p) => textValue(p));
  return (
    findVideoUrl([...fromProperties, location, description]) ??
    fromProperties.map(wholeValueUrl).find(Boolean) ??
    wholeValueUrl(location)
  );
}

// ---- times ------------------------------------------------------------------------------

interface ReadTime {
  wall: WallTime;
  allDay: boolean;
  /** Written with a trailing Z. */
  utc: boolean;
  tzid?: string;
}

function readTimes(vevent: IcalComponent, zones: CalendarZones, event: InvitationEvent): void {
  const start = readTime(vevent.getFirstProperty('dtstart'));
  if (!start) return;
  if (start.tzid) {
    event.tzid = optionalText(start.tzid, 200) ?? start.tzid;
    const timeZone = zones.ianaFor(start.tzid);
    if (timeZone) event.timeZone = timeZone;
  }

  if (start.allDay) {
    event.startDate = formatDate(start.wall);
    const end = readTime(vevent.getFirstProperty('dtend'));
    const duration = durationOf(vevent);
    if (end?.allDay) event.endDate = formatDate(end.wall);
    else if (duration) event.endDate = DateTime.fromObject(start.wall, { zone: 'utc' }).plus(duration).toISODate() ?? undefined;
    else event.endDate = DateTime.fromObject(start.wall, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? undefined;
    return;
  }

  applyInstant(start, zones, event, 'start');
  const end = readTime(vevent.getFirstProperty('dtend'));
  if (end && !end.allDay) {
    applyInstant(end, zones, event, 'end');
  } else {
    const duration = durationOf(vevent);
    if (duration) {
      // DURATION counts elapsed time for hours and wall-clock days (RFC 5545 §3.3.6); luxon's
      // plus() on a zoned DateTime does exactly that.
      const endWall = DateTime.fromObject(start.wall, { zone: 'utc' }).plus(duration);
      if (!start.utc) event.endLocal = endWall.toFormat("yyyy-MM-dd'T'HH:mm:ss");
      if (event.startUtc) {
        const zone = event.timeZone ?? 'utc';
        const startInstant = start.utc
          ? DateTime.fromISO(event.startUtc, { zone: 'utc' })
          : DateTime.fromISO(event.startUtc, { zone: 'utc' }).setZone(zone);
        event.endUtc = formatUtc(startInstant.plus(duration));
      }
    }
  }

  const recurrence = readTime(vevent.getFirstProperty('recurrence-id'));
  if (recurrence && !recurrence.allDay) {
    const instant = zones.toUtc(recurrence);
    if (instant) event.recurrenceIdUtc = instant;
  }
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

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/;

function readTime(property: IcalProperty | null): ReadTime | undefined {
  if (!property) return undefined;
  const [, , , value] = property.toJSON() as [string, Record<string, unknown>, string, unknown];
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, zulu] = match;
  const wall: WallTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
  };
  if (wall.year < MIN_YEAR || wall.year > MAX_YEAR || !DateTime.fromObject(wall, { zone: 'utc' }).isValid) return undefined;
  const tzid = stringParameter(property, 'tzid');
  return { wall, allDay: hour === undefined, utc: zulu === 'Z', ...(tzid && !zulu ? { tzid } : {}) };
}

function durationOf(vevent: IcalComponent): Duration | undefined {
  const value = textValue(vevent.getFirstProperty('duration'));
  if (!value) return undefined;
  const duration = Duration.fromISO(value.replace(/^\+/, ''));
  return duration.isValid && duration.toMillis() >= 0 ? duration : undefined;
}

/**
 * The VTIMEZONE blocks of a calendar, and how a TZID becomes an instant: an IANA name uses
 * the zone database; a VTIMEZONE is the sender's own rules and wins otherwise — unless the TZID
 * is a Windows/display name and its VTIMEZONE is broken or clearly odd (a fixed offset where
 * the zone it names observes DST), when the IANA zone's rules are the better reading.
 */
class CalendarZones {
  private readonly blocks = new Map<string, IcalComponent>();

  constructor(root: IcalComponent) {
    for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
      const tzid = textValue(vtimezone.getFirstProperty('tzid'));
      if (tzid) this.blocks.set(normalizeTzid(tzid), vtimezone);
    }
  }

  ianaFor(tzid: string): string | undefined {
    return resolveTzid(tzid).iana;
  }

  toUtc(time: ReadTime): string | undefined {
    const utcWall = DateTime.fromObject(time.wall, { zone: 'utc' });
    if (time.utc) return formatUtc(utcWall);
    if (!time.tzid) return undefined;

    const resolution = resolveTzid(time.tzid);
    if (resolution.kind === 'iana' && resolution.iana) return wallTimeToUtc(time.wall, resolution.iana);

    const block = this.blocks.get(normalizeTzid(time.tzid));
    const blockOffset = block ? vtimezoneOffset(block, time.wall) : undefined;
    if (blockOffset !== undefined) {
      const odd =
        resolution.iana !== undefined &&
        !hasRecurringRules(block) &&
        zoneObservesDst(resolution.iana, time.wall.year) &&
        zoneOffsetAt(time.wall, resolution.iana) !== blockOffset;
      if (!odd) return formatUtc(utcWall.minus({ minutes: blockOffset }));
    }
    return resolution.iana ? wallTimeToUtc(time.wall, resolution.iana) : undefined;
  }
}

/** TZIDs are compared as text, ignoring quotes, case and iCalendar escapes. */
function normalizeTzid(tzid: string): string {
  return tzid.replace(/\\(.)/g, '$1').replace(/^"|"$/g, '').trim().toLowerCase();
}

const zonesByYear = new WeakMap<IcalComponent, Map<number, InstanceType<typeof ICAL.Timezone>>>();

/**
 * Offset in minutes of a wall time under a VTIMEZONE, or undefined when the block is unusable.
 * Throws ReadLimitError for a zone whose rules ask for more work than any real zone does.
 */
function vtimezoneOffset(vtimezone: IcalComponent, wall: WallTime): number | undefined {
  const observances = [...vtimezone.getAllSubcomponents('standard'), ...vtimezone.getAllSubcomponents('daylight')];
  if (observances.length === 0 || observances.some((o) => !o.hasProperty('tzoffsetto'))) return undefined;
  try {
    // The zone narrowed to the event's years; one serves every event of that year in the file.
    const years = zonesByYear.get(vtimezone) ?? new Map<number, InstanceType<typeof ICAL.Timezone>>();
    zonesByYear.set(vtimezone, years);
    let zone = years.get(wall.year);
    if (!zone) {
      zone = zoneForYear(vtimezone, wall.year);
      years.set(wall.year, zone);
    }
    const seconds = zone.utcOffset(new ICAL.Time({ ...wall, isDate: false }, ICAL.Timezone.localTimezone));
    return Number.isFinite(seconds) && Math.abs(seconds) <= 18 * 3600 ? Math.round(seconds / 60) : undefined;
  } catch (error) {
    if (error instanceof ReadLimitError) throw error;
    return undefined;
  }
}

function hasRecurringRules(vtimezone: IcalComponent | undefined): boolean {
  if (!vtimezone) return false;
  const observances = [...vtimezone.getAllSubcomponents('standard'), ...vtimezone.getAllSubcomponents('daylight')];
  const offsets = new Set(observances.map((o) => textValue(o.getFirstProperty('tzoffsetto'))));
  return offsets.size > 1 && observances.some((o) => o.hasProperty('rrule') || o.hasProperty('rdate'));
}

// ---- people -----------------------------------------------------------------------------

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function readPerson(property: IcalProperty): { email: string; name?: string } | undefined {
  const value = textValue(property) ?? '';
  // Seen in the wild: MAILTO: in capitals, the whole value quoted, no scheme at all (Zoom).
  const fromValue = value.trim().replace(/^"|"$/g, '').replace(/^mailto:/i, '').trim();
  const fromParameter = stringParameter(property, 'email')?.replace(/^mailto:/i, '').trim();
  // Length before the pattern: its overlapping classes make a long value cost quadratic time.
  const address = [fromValue, fromParameter].find((candidate) => candidate && candidate.length <= LIMITS.email && EMAIL.test(candidate));
  if (!address) return undefined;
  const name = optionalText(stringParameter(property, 'cn')?.replace(/^"|"$/g, ''), LIMITS.name);
  // Many producers fill CN with the address itself (or a typo of it); that is not a name.
  const isName = name !== undefined && !name.includes('@');
  return { email: address.toLowerCase(), ...(isName ? { name } : {}) };
}

function attendeeKind(cutype: unknown): AttendeeKind {
  switch (typeof cutype === 'string' ? cutype.toUpperCase() : 'INDIVIDUAL') {
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

/** The first raw value of a property in each top-level VEVENT of sanitized text, by VEVENT index. */
function rawEventValues(text: string, name: string): (string | undefined)[] {
  const values: (string | undefined)[] = [];
  let depth = 0;
  let inEvent = false;
  const prefix = new RegExp(`^${name}(?:;[^:]*)?:`, 'i');
  for (const line of text.split('\r\n')) {
    if (/^BEGIN:/i.test(line)) {
      depth += 1;
      if (depth === 2 && /^BEGIN:VEVENT$/i.test(line)) {
        inEvent = true;
        values.push(undefined);
      }
    } else if (/^END:/i.test(line)) {
      if (depth === 2) inEvent = false;
      depth -= 1;
    } else if (inEvent && depth === 2 && values[values.length - 1] === undefined) {
      const match = prefix.exec(line);
      if (match) values[values.length - 1] = line.slice(match[0].length);
    }
  }
  return values;
}

// ---- values -----------------------------------------------------------------------------

/** A property's value as text, whatever type ical.js decoded it to; `undefined` when absent. */
function textValue(property: IcalProperty | null | undefined): string | undefined {
  if (!property) return undefined;
  const value: unknown = property.getFirstValue();
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(value);
}

function stringParameter(property: IcalProperty, name: string): string | undefined {
  const value: unknown = property.getParameter(name);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(',');
  return undefined;
}
