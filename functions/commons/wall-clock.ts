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

/** Days in a month (1–12) of a Gregorian year. */
export function daysInMonth(year: number, month: number): number {
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
  const [year, month, day, hour, minute, second] = localFields(formatter, new Date(epochMs)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: weekdayOf(localAsUtc),
    offsetMinutes: Math.round((localAsUtc - wholeSeconds) / MS_PER_MINUTE),
  };
}

const MS_PER_DAY = 86_400_000;
/** 1 January 1970 was a Thursday. */
const EPOCH_WEEKDAY = 4;

function weekdayOf(utcMs: number): number {
  return (((Math.floor(utcMs / MS_PER_DAY) + EPOCH_WEEKDAY) % 7) + 7) % 7;
}

/** Whole calendar days from one local date to another (negative when `to` is earlier). */
export function calendarDaysBetween(
  from: Pick<WallClock, 'year' | 'month' | 'day'>,
  to: Pick<WallClock, 'year' | 'month' | 'day'>,
): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / MS_PER_DAY);
}

export type CalendarDate = Pick<WallTime, 'year' | 'month' | 'day'>;

/**
 * The instant a wall time in `zone` stands for, read as RFC 5545 §3.3.5 reads a zoned DATE-TIME:
 * a wall time that occurs twice (clocks go back) is its first occurrence, one that does not occur
 * (clocks skip ahead) is read in the offset before the gap, which lands it an hour later.
 * Throws WallClockError for an unknown zone or a wall time no calendar has (30 February).
 */
export function zonedWallTimeToEpochMs(wall: WallTime, zone: string, milliseconds = 0): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, milliseconds);
  if (!isRealWallTime(wall) || Number.isNaN(local)) {
    throw new WallClockError(`no such wall time ${wall.year}-${wall.month}-${wall.day} ${wall.hour}:${wall.minute}`);
  }
  // Instants a day either side bracket every reading of the wall time (offsets stay within ±18 h).
  const before = wallClock(local - MS_PER_DAY, zone).offsetMinutes;
  const after = wallClock(local + MS_PER_DAY, zone).offsetMinutes;
  if (before === after) return local - before * MS_PER_MINUTE;
  const readings = [before, after].filter((offset) => wallClock(local - offset * MS_PER_MINUTE, zone).offsetMinutes === offset);
  // Both readings hold in the repeated hour: the first occurrence has the larger offset. Neither holds in a gap.
  const offset = readings.length > 0 ? Math.max(...readings) : before;
  return local - offset * MS_PER_MINUTE;
}

/** Whether a wall time is one a calendar has: a month of 1–12, a day that month has, 00:00:00–23:59:59. */
export function isRealWallTime(wall: WallTime): boolean {
  const whole = [wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second].every(Number.isInteger);
  return (
    whole &&
    wall.month >= 1 &&
    wall.month <= 12 &&
    wall.day >= 1 &&
    wall.day <= daysInMonth(wall.year, wall.month) &&
    wall.hour >= 0 &&
    wall.hour <= 23 &&
    wall.minute >= 0 &&
    wall.minute <= 59 &&
    wall.second >= 0 &&
    wall.second <= 59
  );
}

/** The local date `days` calendar days after `date` (before, when negative). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The local date `months` calendar months after `date`, on the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb). */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** An instant as ISO 8601 in UTC, milliseconds only when there are some: `2024-12-03T14:00:00Z`. */
export function formatIsoUtc(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** A local date as ISO 8601: `2024-12-03`. */
export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** ISO 8601 week-numbering year and week of a local date, as `2024-W49`. */
export function isoWeekOf(date: CalendarDate): string {
  const utc = Date.UTC(date.year, date.month - 1, date.day);
  const isoWeekday = weekdayOf(utc) || 7;
  // The week belongs to the year its Thursday falls in.
  const thursday = new Date(utc + (4 - isoWeekday) * MS_PER_DAY);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / MS_PER_DAY / 7) + 1;
  return `${String(weekYear).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local date written as ISO 8601 (`2024-12-03`), or undefined when it is not one or names a day that does not exist. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? { year, month, day } : undefined;
}

/** 0 = Sunday … 6 = Saturday, of a local date. */
export function weekdayOfDate(date: CalendarDate): number {
  return weekdayOf(Date.UTC(date.year, date.month - 1, date.day));
}

/**
 * The instant an ISO 8601 date-time stands for when it is read in `zone`: one written with an
 * offset (or `Z`) is that instant, one without is a wall time in `zone` (zonedWallTimeToEpochMs).
 * NaN when it is not one, or the zone is unknown.
 */
export function parseInZone(iso: string, zone: string): number {
  const match = ISO_INSTANT.exec(iso);
  if (!match) return Number.NaN;
  if (match[8]) return parseInstant(iso);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = ''] = match;
  try {
    const wall = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s) };
    return zonedWallTimeToEpochMs(wall, zone, Number(fraction.padEnd(3, '0').slice(0, 3)));
  } catch (error) {
    if (error instanceof WallClockError) return Number.NaN;
    throw error;
  }
}
