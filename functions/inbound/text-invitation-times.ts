import type * as chrono from 'chrono-node';
import { chronoLocales } from '../commons/chrono';
import { once } from '../commons/once';
import { isRealWallTime } from '../commons/wall-clock';
import { ambiguousNumericDate } from '../domain/when-text';
import { type InboundMail, InvitationRead, invitationRead, type TextInvitationFound } from './inbound-mail';
import { type ExtractResult, type Invitation, textInvitationWithoutTime, type TimeReading } from './invitation-types';
import { formatUtcMs, formatWallTime, ianaOffsetAt, resolveTzid, wallTimeToUtc, type WallTime, zoneFromProse } from './time-zones';
import {
  numericDateByWeekday,
  numericDateReadings,
  regionNamedIn,
  weekdayContradicts,
  writtenZoneNote,
  zoneAfterClock,
} from './written-zones';

/**
 * The labelled times of an invitation forwarded as text ("When: Tuesday, 3 December 2024
 * 15:00-15:30 (UTC+01:00) Amsterdam"), read with chrono in eleven languages. inbound-email finds
 * the labels in the untrusted raw mail and queues at most MAX_TIME_READS of them, each at most
 * MAX_WHEN_CHARS long (inbound-mail.ts); process-inbound reads them here, beside the times it
 * reads in replies (domain/when-text.ts), so the function that parses raw mail does not carry
 * chrono. A time that is not all there (no day, no hour) is reported as missing, never guessed.
 */

const chronoParsers = once((): readonly chrono.Chrono[] => {
  const { en, de, fr, es, pt, nl, it, sv, fi, ru } = chronoLocales();
  return [en.casual, en.GB, de.casual, fr.casual, es.casual, pt.casual, nl.casual, it.casual, sv.casual, fi.casual, ru.casual];
});

/** Said in the confirmation of a time that names no zone: it was read in the user's. */
const NO_ZONE_NOTE = 'No time zone was named, so the time was read in yours.';

type FoundDocument = TextInvitationFound['documents'][number];
type TimeFields = Pick<Invitation, 'startUtc' | 'endUtc' | 'startLocal' | 'endLocal' | 'timeZone' | 'timeNote'>;

/**
 * What a queued record's invitation comes to once its text times are read: the record's own
 * reading when inbound-email finished it (a calendar, or no invitation), else the text
 * invitation with the first labelled time that reads, or `no-time` with the invitation's title.
 * Validated as inbound-email validates what it queues, so the workflows get the same record.
 */
export function readInvitationTimes(invitation: InboundMail['invitation']): InvitationRead {
  if (!('found' in invitation)) return invitation;
  return InvitationRead.parse(invitationRead(readTextInvitation(invitation)));
}

/**
 * A text invitation as found → the invitation with the first labelled time that reads, tried in
 * the order found (the forwarded message before its wrapper). Relative times ("Thu 15:00",
 * "tomorrow 3pm") are read against the document's own Date header, or the message's arrival
 * when it has none, never against the wall clock: the same message always reads the same way.
 */
export function readTextInvitation(found: TextInvitationFound): ExtractResult {
  const receivedAt = new Date(found.receivedAt);
  let readings: TimeReading[] = [];
  for (const document of found.documents) {
    const { when, date: _date, dateOffsetMinutes: _offset, ...details } = document;
    for (const value of when) {
      const time = readTime(value, document, receivedAt);
      if (time) return { ok: true, invitation: { ...details, ...time, attendees: [], forwarded: found.forwarded, source: 'text' } };
      if (readings.length === 0) readings = twoWayReadings(value, document, receivedAt);
    }
  }
  const { when: _when, date: _date, dateOffsetMinutes: _offset, ...named } = found.documents[0]!;
  return textInvitationWithoutTime({ ...named, source: 'text' }, readings);
}

/**
 * A labelled time → UTC when the text names its zone, else the wall-clock time as written
 * (`startLocal`), which the workflow reads in the user's own zone: the offset of the forward's
 * Date header is where the user's mail client was, not where the meeting is. A numeric date that
 * reads two ways ("3/4") is not guessed: the user is asked.
 */
function readTime(value: string, document: FoundDocument, receivedAt: Date): TimeFields | undefined {
  // A Windows display zone ("(UTC+01:00) Amsterdam, Berlin…") names a zone with DST; chrono would
  // read its "+01:00" as a fixed offset, so take the zone out and apply its rules ourselves.
  const displayZone = /\((?:UTC|GMT)\s*[+-]\d{1,2}:?\d{2}\)[^\n]*|\((?:UTC|GMT)\)[^\n]*/i.exec(value);
  const ianaZone = /\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?\b/.exec(value);
  const proseZone = /\(([^()]*(?:time|zeit|heure|hora)[^()]*)\)/i.exec(value);
  // "10:00am PDT", "2pm Eastern", "16:00 UTC": read as the region's zone on that day (see zoneAfterClock).
  const written = zoneAfterClock(value, document.dateOffsetMinutes);
  const zone =
    (displayZone && resolveTzid(displayZone[0].trim()).iana) ??
    (ianaZone && resolveTzid(ianaZone[0]).iana) ??
    (proseZone?.[1] && zoneFromProse(proseZone[1])) ??
    written?.zone ??
    regionNamedIn(value) ??
    undefined;
  // Separators Google and others put between date and time ("Thu Dec 12, 2024 ⋅ 2pm") split chrono's reading.
  let text = (displayZone ? value.slice(0, displayZone.index) : value).replace(/[⋅·•|*]/g, ' ');
  if (written) text = text.slice(0, written.index) + ' '.repeat(written.length) + text.slice(written.index + written.length);
  // "10–10:30": chrono takes a bare hour before a range for a year; give it its minutes.
  text = text.replace(/(?<![\d:])(\d{1,2})\s*[-–—]\s*(\d{1,2}:\d{2})/g, '$1:00 - $2').replace(/[–—]/g, '-');

  const instant = document.date ? new Date(document.date) : receivedAt;
  const twoWays = ambiguousNumericDate(text);
  if (twoWays) {
    // "Wednesday, 12/09/20": the weekday says which way round; without one, the user is asked.
    const settled = numericDateByWeekday(text, twoWays, instant);
    if (!settled) return undefined;
    text = settled;
  }
  const reference: chrono.ParsingReference = {
    instant,
    ...(document.dateOffsetMinutes !== undefined ? { timezone: document.dateOffsetMinutes } : {}),
  };
  for (const parser of chronoParsers()) {
    const [result] = parser.parse(text, reference, { forwardDate: true });
    if (!result) continue;
    const start = result.start;
    if (!start.isCertain('hour') || !(start.isCertain('day') || start.isCertain('weekday'))) continue;
    if (start.isCertain('day') && weekdayContradicts(text, wallTimeOf(start))) return undefined;
    if (!zone && !start.isCertain('timezoneOffset')) {
      const floating = floatingTimes(result);
      if (floating) return floating;
      continue;
    }
    const fields: TimeFields = {};
    const startUtc = toUtc(start, zone);
    if (!startUtc) continue;
    fields.startUtc = startUtc;
    if (result.end?.isCertain('hour')) {
      const endUtc = toUtc(result.end, zone);
      if (endUtc && endUtc > startUtc) fields.endUtc = endUtc;
    }
    if (zone) fields.timeZone = zone;
    const offset = written && zone === written.zone ? ianaOffsetAt(zone, Date.parse(startUtc)) : undefined;
    const note = written && offset !== undefined ? writtenZoneNote(written, offset) : undefined;
    if (note) fields.timeNote = note;
    return fields;
  }
  return undefined;
}

/**
 * A time whose numeric date reads two ways ("3/4 at 10am UTC") and no weekday settles: each
 * reading that is a real date, month first then day first, for the user to pick from.
 */
function twoWayReadings(value: string, document: FoundDocument, receivedAt: Date): TimeReading[] {
  const pair = ambiguousNumericDate(value);
  if (!pair) return [];
  const reference = document.date ? new Date(document.date) : receivedAt;
  return numericDateReadings(value, pair, reference).flatMap((reading) => readTime(reading.text, document, receivedAt) ?? []);
}

function wallTimeOf(components: chrono.ParsedComponents): WallTime {
  return {
    year: components.get('year') ?? 0,
    month: components.get('month') ?? 0,
    day: components.get('day') ?? 0,
    hour: components.get('hour') ?? 0,
    minute: components.get('minute') ?? 0,
    second: components.get('second') ?? 0,
  };
}

function floatingTimes(result: chrono.ParsedResult): TimeFields | undefined {
  const start = wallTimeOf(result.start);
  if (!isRealWallTime(start)) return undefined;
  const startLocal = formatWallTime(start);
  const end = result.end?.isCertain('hour') ? formatWallTime(wallTimeOf(result.end)) : undefined;
  return { startLocal, ...(end && end > startLocal ? { endLocal: end } : {}), timeNote: NO_ZONE_NOTE };
}

function toUtc(components: chrono.ParsedComponents, zone: string | undefined): string | undefined {
  if (zone && !components.isCertain('timezoneOffset')) return wallTimeToUtc(wallTimeOf(components), zone);
  const date = components.date();
  return Number.isNaN(date.getTime()) ? undefined : formatUtcMs(date.getTime());
}
