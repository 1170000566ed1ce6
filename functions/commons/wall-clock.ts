/**
 * A UTC instant read on the wall clock of an IANA zone, straight from the runtime's Intl zone
 * data. One cached formatter per zone and one `format()` call per reading (about 1 µs): the
 * general date libraries ask Intl again for every intermediate value (each zone shift, start of
 * day, DST check costs a `formatToParts`, ~4 µs), which made times the most expensive part of
 * rendering an email.
 */

/** A time of day on a calendar date, in no zone in particular: as a calendar writes it, or as a zone's clock shows an instant. */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
}

export interface WallClock extends WallTime {
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
  const [year, month, day, hour, minute, second] = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)];
  // Date.UTC would roll 31 February over to 3 March; a time that does not exist is refused instead.
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return Number.NaN;
  }
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutesOf(offset) * MS_PER_MINUTE;
}

/** Date.UTC reads years 0–99 as 1900–1999; no instant Rapport shows is that old. */
const MIN_YEAR = 1000;

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function offsetMinutesOf(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const digits = offset.length === 6 ? offset.slice(1, 3) + offset.slice(4) : offset.slice(1);
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return offset.startsWith('-') ? -minutes : minutes;
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

/** Instants whose local year has four digits in every zone (a day's margin either side), which Intl writes without an era. */
const MIN_INSTANT = Date.UTC(1001, 0, 1);
const MAX_INSTANT = Date.UTC(9998, 11, 31);

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
  if (!(epochMs >= MIN_INSTANT && epochMs <= MAX_INSTANT)) {
    throw new WallClockError(`no wall-clock time for ${Number.isNaN(epochMs) ? 'an invalid instant' : new Date(epochMs).toISOString()}`);
  }
  const [year, month, day, hour, minute, second] = localFields(formatter, new Date(epochMs)) as [number, number, number, number, number, number];
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return { year, month, day, hour, minute, second, weekday: weekdayOf(localAsUtc), offsetMinutes: Math.round((localAsUtc - wholeSeconds) / MS_PER_MINUTE) };
}

const MS_PER_DAY = 86_400_000;
/** 1 January 1970 was a Thursday. */
const EPOCH_WEEKDAY = 4;

function weekdayOf(utcMs: number): number {
  return (((Math.floor(utcMs / MS_PER_DAY) + EPOCH_WEEKDAY) % 7) + 7) % 7;
}

/** Whole calendar days from one local date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: Pick<WallClock, 'year' | 'month' | 'day'>, to: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / MS_PER_DAY);
}
