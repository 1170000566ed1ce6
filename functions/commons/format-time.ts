import { counted } from './counted';
import { once } from './once';
import {
  calendarDaysBetween,
  parseInstant,
  wallClock,
  WallClockError,
  weekdayOfDate,
  type CalendarDate,
  type WallClock,
} from './wall-clock';

/**
 * How Rapport writes times, in every email and every sentence written back about a reply (the one
 * formatter: docs/extending.md): always computed from a UTC instant, shown in one IANA zone, with the
 * zone named twice — a short abbreviation people recognise ("CET", "EDT") and the zone id, which
 * is unambiguous ("IST" is three different zones). Each instant is read once per call from the
 * runtime's zone data (commons/wall-clock) and written in British English, the way
 * `Intl.DateTimeFormat('en-GB')` names days and months ("Tue", "Sept").
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

function at(utcIso: string, zone: string): WallClock {
  try {
    return wallClock(parseInstant(utcIso), zone);
  } catch (cause) {
    throw new WallClockError(`cannot show ${JSON.stringify(utcIso.slice(0, 40))} in ${zone.slice(0, 64)}`, { cause });
  }
}

interface Names {
  weekdayShort: string[];
  weekdayLong: string[];
  monthShort: string[];
  monthLong: string[];
}
/** Day and month names as the runtime's en-GB locale writes them on their own, built once. */
const englishNames = once((): Names => {
  const write = (options: Intl.DateTimeFormatOptions, dates: number[]): string[] => {
    const formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    return dates.map((date) => formatter.format(date));
  };
  // 7 January 2024 was a Sunday, so day i of that week has getUTCDay() === i.
  const week = Array.from({ length: 7 }, (_, day) => Date.UTC(2024, 0, 7 + day));
  const months = Array.from({ length: 12 }, (_, month) => Date.UTC(2024, month, 15));
  return {
    weekdayShort: write({ weekday: 'short' }, week),
    weekdayLong: write({ weekday: 'long' }, week),
    monthShort: write({ month: 'short' }, months),
    monthLong: write({ month: 'long' }, months),
  };
});

const two = (value: number): string => String(value).padStart(2, '0');

/** "Tue 3 Dec" */
function dayMonth(clock: Pick<WallClock, 'weekday' | 'day' | 'month'>): string {
  const { weekdayShort, monthShort } = englishNames();
  return `${weekdayShort[clock.weekday]} ${clock.day} ${monthShort[clock.month - 1]}`;
}

/** "Tue 3 Dec 2024" */
function dayMonthYear(clock: Pick<WallClock, 'weekday' | 'day' | 'month' | 'year'>): string {
  return `${dayMonth(clock)} ${String(clock.year).padStart(4, '0')}`;
}

/** "15:00" */
function clockTime(clock: WallClock): string {
  return `${two(clock.hour)}:${two(clock.minute)}`;
}

function sameLocalDay(a: WallClock, b: WallClock): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** Locales whose short zone names cover most zones with a familiar abbreviation, tried in order. */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-ZA', 'en-SG'] as const;

/**
 * Abbreviations already looked up, by zone, UTC offset and year: a zone names one offset the same
 * way all year unless its rules change that year. (Keyed by a DST guess instead, Casablanca's
 * all-year +01 of 2019 took the name of its 2018 summer time, "WEST".) Each lookup builds fresh
 * Intl.DateTimeFormat objects for up to six locales, which would cost more than the rest of an
 * email. Bounded: zones come from the user's settings and invitations, so the map is cleared
 * rather than allowed to grow.
 */
const MAX_CACHED_ABBREVIATIONS = 1_000;
const abbreviations = new Map<string, string>();

/** "CET", "EDT", "AEDT", or an offset ("GMT+9") where no locale has a name for the zone. */
export function zoneAbbreviation(utcIso: string, zone: string): string {
  return abbreviationAt(at(utcIso, zone), utcIso, zone);
}

function abbreviationAt(clock: WallClock, utcIso: string, zone: string): string {
  const key = `${zone}|${clock.offsetMinutes}|${clock.year}`;
  const known = abbreviations.get(key);
  if (known !== undefined) return known;
  if (abbreviations.size >= MAX_CACHED_ABBREVIATIONS) abbreviations.clear();
  const name = lookUpAbbreviation(new Date(parseInstant(utcIso)), zone);
  abbreviations.set(key, name);
  return name;
}

function lookUpAbbreviation(instant: Date, zone: string): string {
  let fallback = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(instant);
    const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
    if (!fallback) fallback = name;
    if (!/^GMT[+-]/.test(name)) return name;
  }
  return fallback;
}

/** "Monday" for ISO weekday 1 … "Sunday" for 7. */
export function isoWeekdayName(isoWeekday: number): string | undefined {
  return isoWeekday >= 1 && isoWeekday <= 7 ? englishNames().weekdayLong[isoWeekday % 7] : undefined;
}

/** "Tue 3 Dec 2024" for a calendar date that has no time (an all-day event's day). */
export function formatCalendarDate(date: CalendarDate): string {
  return dayMonthYear({ ...date, weekday: weekdayOfDate(date) });
}

/** "Tue 3 Dec", the way a user may write a day back. */
export function formatCalendarDayMonth(date: CalendarDate): string {
  return dayMonth({ ...date, weekday: weekdayOfDate(date) });
}

/** "3 December", unmistakable whichever way round the user's region writes numeric dates. */
export function formatDayMonthLong(date: CalendarDate): string {
  return `${date.day} ${englishNames().monthLong[date.month - 1]}`;
}

/** "Tue 3 Dec 2024" */
export function formatDate(utcIso: string, zone: string): string {
  return dayMonthYear(at(utcIso, zone));
}

/** "Tue 3 Dec 2024, 15:00 CET (Europe/Berlin)" */
export function formatDateTime(utcIso: string, zone: string): string {
  const clock = at(utcIso, zone);
  return `${dayMonthYear(clock)}, ${clockTime(clock)} ${abbreviationAt(clock, utcIso, zone)} (${zone})`;
}

/**
 * Within this many days of now a date needs no year; further off, "Wed 2 Dec" would read as this
 * year's (a call from 2020 forwarded today, or one booked for next year).
 */
const YEAR_OBVIOUS_WITHIN_DAYS = 180;

/**
 * "Tue 3 Dec 15:00 CET" — short enough for a subject line. Given `now`, a date more than half a
 * year away carries its year: "Wed 2 Dec 2020 17:00 GMT".
 */
export function formatShort(utcIso: string, zone: string, now?: Date): string {
  const clock = at(utcIso, zone);
  const far = now !== undefined && Math.abs(Date.parse(utcIso) - now.getTime()) > YEAR_OBVIOUS_WITHIN_DAYS * 86_400_000;
  return `${far ? dayMonthYear(clock) : dayMonth(clock)} ${clockTime(clock)} ${abbreviationAt(clock, utcIso, zone)}`;
}

/** "Wed 4 Dec, 15:30 CET" — for deadlines and delivery times, where the year is obvious. */
export function formatDayTime(utcIso: string, zone: string): string {
  const clock = at(utcIso, zone);
  return `${dayMonth(clock)}, ${clockTime(clock)} ${abbreviationAt(clock, utcIso, zone)}`;
}

/**
 * "Tue 3 Dec 2024, 15:00–15:30 CET (Europe/Berlin)"; when the end falls on another local day
 * both ends carry their date. The abbreviation is the start's (a meeting spanning a DST change
 * names the zone id anyway).
 */
export function formatRange(startUtc: string, endUtc: string, zone: string): string {
  const start = at(startUtc, zone);
  const end = at(endUtc, zone);
  const abbreviation = abbreviationAt(start, startUtc, zone);
  if (sameLocalDay(start, end)) {
    return `${dayMonthYear(start)}, ${clockTime(start)}–${clockTime(end)} ${abbreviation} (${zone})`;
  }
  return `${dayMonthYear(start)}, ${clockTime(start)} – ${dayMonth(end)}, ${clockTime(end)} ${abbreviation} (${zone})`;
}

/**
 * The meeting on another zone's clock (the invitation's): "15:00–15:30 EST (America/New_York)",
 * with the date only when it differs from the user's day; undefined when that clock shows the
 * same date and time as the user's, so there is nothing to add.
 */
export function formatRangeElsewhere(startUtc: string, endUtc: string, zone: string, userZone: string): string | undefined {
  const start = at(startUtc, zone);
  const startForUser = at(startUtc, userZone);
  const sameDay = sameLocalDay(start, startForUser);
  if (sameDay && start.hour === startForUser.hour && start.minute === startForUser.minute) return undefined;
  const end = at(endUtc, zone);
  return `${sameDay ? '' : `${dayMonth(start)}, `}${clockTime(start)}–${clockTime(end)} ${abbreviationAt(start, startUtc, zone)} (${zone})`;
}

/** "Tue 3 Dec 2024 (all day)" for all-day events, whose start is a date rather than an instant. */
export function formatAllDay(startUtc: string, zone: string): string {
  return `${formatDate(startUtc, zone)} (all day)`;
}

/** Minutes from `startUtc` to `endUtc`, rounded; NaN when either is not an instant. */
function minutesBetween(startUtc: string, endUtc: string): number {
  return Math.round((parseInstant(endUtc) - parseInstant(startUtc)) / MS_PER_MINUTE);
}

/** "30 minutes", "1 hour", "1 hour 15 minutes". */
export function formatDuration(startUtc: string, endUtc: string): string {
  const minutes = minutesBetween(startUtc, endUtc);
  if (!Number.isFinite(minutes) || minutes <= 0) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = hours === 0 ? '' : counted(hours, 'hour');
  const m = rest === 0 ? '' : counted(rest, 'minute');
  return [h, m].filter(Boolean).join(' ');
}

export function durationMinutes(startUtc: string, endUtc: string): number {
  return minutesBetween(startUtc, endUtc);
}

/** Whole hours from `fromUtc` to `toUtc`, rounded down; negative when `toUtc` has passed. */
export function hoursBetween(fromUtc: string, toUtc: string): number {
  return Math.floor((parseInstant(toUtc) - parseInstant(fromUtc)) / MS_PER_HOUR);
}

/** The UTC instant `hours` after `utcIso`, as ISO. */
export function plusHours(utcIso: string, hours: number): string {
  const instant = parseInstant(utcIso);
  if (Number.isNaN(instant)) return utcIso;
  return new Date(instant + hours * MS_PER_HOUR).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * "today", "tomorrow", "on Thursday" or "on Thu 12 Dec" — how far `eventUtc` is from `nowUtc`
 * in the user's calendar, for sentences like "Your chat is tomorrow at 15:00".
 */
export function relativeDay(eventUtc: string, nowUtc: string, zone: string): string {
  return relativeDayOf(at(eventUtc, zone), at(nowUtc, zone));
}

/**
 * "tomorrow at 15:00 CET", or "tomorrow" for an all-day event: when a meeting is, said from
 * `nowUtc` (the prep brief's intro, the digest's coming-up list).
 */
export function formatWhenFromNow(eventUtc: string, nowUtc: string, zone: string, allDay: boolean): string {
  const event = at(eventUtc, zone);
  const day = relativeDayOf(event, at(nowUtc, zone));
  return allDay ? day : `${day} at ${clockTime(event)} ${abbreviationAt(event, eventUtc, zone)}`;
}

function relativeDayOf(event: WallClock, now: WallClock): string {
  const days = calendarDaysBetween(now, event);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  if (days > 1 && days < 7) return `on ${englishNames().weekdayLong[event.weekday]}`;
  return `on ${dayMonth(event)}`;
}
