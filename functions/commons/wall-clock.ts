/**
 * A UTC instant read on the wall clock of an IANA zone, straight from the runtime's Intl zone
 * data. One cached formatter per zone and one `format()` call per reading (about 1 µs): the
 * general date libraries ask Intl again for every intermediate value (each zone shift, start of
 * day, DST check costs a `formatToParts`, ~4 µs), which made times the most expensive part of
 * rendering an email.
 */

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday, of the local date. */
  weekday: number;
  /** Local time minus UTC, in minutes (+60 for CET). */
  offsetMinutes: number;
}

/** Thrown for a time that is not an ISO 8601 instant, or a zone the runtime does not know. */
export class WallClockError extends RangeError {
  override name = 'WallClockError';
}

const MS_PER_MINUTE = 60_000;

/**
 * ISO 8601 extended format as Rapport stores and passes times (`2024-12-03T14:00:00Z`,
 * `2024-12-03T14:00:00.123+01:00`, `2024-12-03`); no offset means UTC. Every part has a fixed
 * width or is optional once, so matching is linear.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch of an ISO 8601 instant, or NaN when it is not one (or names a day that does not exist). */
export function parseInstant(iso: string): number {
  const match = ISO_INSTANT.exec(iso);
  if (!match) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset = 'Z'] = match;
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = utcFromFields(...fields, ms);
  if (Number.isNaN(local) || !fieldsMatch(local, fields)) return Number.NaN;
  return local - offsetMinutesOf(offset) * MS_PER_MINUTE;
}

function offsetMinutesOf(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return offset.startsWith('-') ? -minutes : minutes;
}

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utcFromFields(year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/** Rejects what Date would silently roll over: 31 February, 25:00. */
function fieldsMatch(utc: number, [year, month, day, hour, minute, second]: readonly number[]): boolean {
  const date = new Date(utc);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

/**
 * Formatters already built, by zone: building one costs ~0.1 ms, using it ~1 µs. Bounded, since
 * zones also come from invitations (untrusted): cleared when full rather than grown.
 */
const MAX_CACHED_ZONES = 500;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  const known = formatters.get(zone);
  if (known) return known;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new WallClockError(`unknown time zone ${JSON.stringify(zone.slice(0, 64))}`, { cause });
  }
  if (formatters.size >= MAX_CACHED_ZONES) formatters.clear();
  formatters.set(zone, formatter);
  return formatter;
}

/** What the en-US numeric formatter writes: "12/3/2024, 15:00:00". */
const EN_US_NUMERIC = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})$/;

/** Four-digit years Intl writes without an era, with a day's margin for the zone's offset. */
const MIN_UTC_YEAR = 1001;
const MAX_UTC_YEAR = 9998;

function localFields(formatter: Intl.DateTimeFormat, date: Date): number[] {
  const match = EN_US_NUMERIC.exec(formatter.format(date));
  if (match) {
    const [, month, day, year, hour, minute, second] = match.map(Number) as number[];
    return [year!, month!, day!, hour! % 24, minute!, second!];
  }
  // Another ICU may punctuate differently; the parts are slower to get but say what they are.
  const parts = Object.fromEntries(formatter.formatToParts(date).map((part) => [part.type, Number(part.value)]));
  return [parts.year!, parts.month!, parts.day!, parts.hour! % 24, parts.minute!, parts.second!];
}

/** `epochMs` on the wall clock of `zone`. */
export function wallClock(epochMs: number, zone: string): WallClock {
  const formatter = formatterFor(zone);
  const date = new Date(epochMs);
  const utcYear = date.getUTCFullYear();
  if (Number.isNaN(epochMs) || utcYear < MIN_UTC_YEAR || utcYear > MAX_UTC_YEAR) {
    throw new WallClockError(`no wall-clock time for ${Number.isNaN(epochMs) ? 'an invalid instant' : date.toISOString()}`);
  }
  const [year, month, day, hour, minute, second] = localFields(formatter, date) as [number, number, number, number, number, number];
  const localAsUtc = utcFromFields(year, month, day, hour, minute, second);
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: new Date(localAsUtc).getUTCDay(),
    offsetMinutes: Math.round((localAsUtc - wholeSeconds) / MS_PER_MINUTE),
  };
}

/** Whole calendar days from one local date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: Pick<WallClock, 'year' | 'month' | 'day'>, to: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  const days = (clock: Pick<WallClock, 'year' | 'month' | 'day'>): number => utcFromFields(clock.year, clock.month, clock.day, 0, 0, 0) / 86_400_000;
  return Math.round(days(to) - days(from));
}
