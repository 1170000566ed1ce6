import type * as chrono from 'chrono-node';
import { chronoLocales } from '../commons/chrono';
import { formatCalendarDayMonth, formatDateTime, formatDayMonthLong, isoWeekdayName } from '../commons/format-time';
import { addCalendarDays, parseIsoDate, wallClock, WallClockError, zonedWallTimeToEpochMs } from '../commons/wall-clock';

/**
 * A date and time the user wrote ("Thursday 3pm", "Thu 4 Mar 15:00", "4/3 10:00"), read in the
 * user's time zone. What cannot be applied safely is answered with a question instead: a time in
 * the past, or a numeric date whose day and month could be either way round ("3/4"). Numeric dates
 * follow the custom of the region of the user's zone (month first in the United States).
 */

/** What the user writes for a time is short; the rest of a long line is not read. */
const MAX_WHEN_CHARS = 200;

export type WhenReading =
  { ok: true; start: Date; end?: Date } | { ok: false; problem: 'unreadable' | 'past' | 'ambiguous'; question: string };

export interface WhenContext {
  zone: string;
  now: Date;
  /** A day the time belongs to when the text has none (an all-day event's day), YYYY-MM-DD. */
  day?: string;
}

/** Zones whose region writes month before day (3/4 = March 4th). */
const MONTH_FIRST_PREFIXES = ['US/', 'America/Indiana/', 'America/Kentucky/', 'America/North_Dakota/'];
const MONTH_FIRST_ZONES = new Set([
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Phoenix',
  'America/Anchorage',
  'America/Detroit',
  'America/Boise',
  'America/Juneau',
  'America/Sitka',
  'America/Nome',
  'America/Adak',
  'America/Menominee',
  'America/Metlakatla',
  'America/Yakutat',
  'America/Puerto_Rico',
  'Pacific/Honolulu',
  'Pacific/Guam',
  'Asia/Manila',
]);

function writesMonthFirst(zone: string): boolean {
  return MONTH_FIRST_ZONES.has(zone) || MONTH_FIRST_PREFIXES.some((prefix) => zone.startsWith(prefix));
}

/** "3/4", "3/4/2027", "3.4.2027": a numeric date (day and month both written as numbers). */
const NUMERIC_DATE = /(?:^|[^\d/.:])(\d{1,2})([/.])(\d{1,2})(?:\2(\d{2,4}))?(?![\d:])/;

/** The day and month of a numeric date that reads two ways ("3/4": 3 April or 4 March), if there is one. */
export function ambiguousNumericDate(input: string): [number, number] | undefined {
  const numeric = NUMERIC_DATE.exec(input.slice(0, MAX_WHEN_CHARS));
  if (!numeric || !(numeric[2] === '/' || numeric[4])) return undefined;
  const [a, b] = [Number(numeric[1]), Number(numeric[3])];
  return a <= 12 && b <= 12 && a !== b ? [a, b] : undefined;
}

export function readWhen(input: string, context: WhenContext): WhenReading {
  const text = input.slice(0, MAX_WHEN_CHARS);
  const monthFirst = writesMonthFirst(context.zone);
  const twoWays = ambiguousNumericDate(text);
  if (twoWays) return ambiguous(twoWays[0], twoWays[1], monthFirst, context);
  const { en, de, fr, es, nl, pt, it } = chronoLocales();
  const parsers = monthFirst ? [en.casual] : [en.GB, de.casual, fr.casual, es.casual, nl.casual, pt.casual, it.casual];
  const offset = wallClock(context.now.getTime(), context.zone).offsetMinutes;
  for (const parser of parsers) {
    const [result] = parser.parse(text, { instant: context.now, timezone: offset }, { forwardDate: true });
    if (!result || !result.start.isCertain('hour')) continue;
    const hasDay = result.start.isCertain('day') || result.start.isCertain('weekday');
    if (!hasDay && !context.day) continue;
    const start = inZone(result.start, context, hasDay);
    if (!start) continue;
    const disagreement = weekdayDisagreement(result.start, start, context.zone);
    if (disagreement) return disagreement;
    if (start.getTime() < context.now.getTime()) {
      return {
        ok: false,
        problem: 'past',
        question: `${describe(start, context.zone)} is in the past. Did you mean a later date? Reply with the date and time, e.g. "${example(context)}".`,
      };
    }
    const end = result.end?.isCertain('hour') ? inZone(result.end, context, hasDay) : undefined;
    return end && end > start ? { ok: true, start, end } : { ok: true, start };
  }
  return { ok: false, problem: 'unreadable', question: `I could not read a date and time there. Write it like "${example(context)}".` };
}

/** "Thursday 5 March 2027" when 5 March 2027 is a Friday: asked back, never guessed either way. */
function weekdayDisagreement(said: chrono.ParsedComponents, start: Date, zone: string): WhenReading | undefined {
  if (!said.isCertain('weekday') || !said.isCertain('day')) return undefined;
  const clock = wallClock(start.getTime(), zone);
  const saidWeekday = said.get('weekday');
  if (saidWeekday === null || saidWeekday === clock.weekday) return undefined;
  const date = { year: clock.year, month: clock.month, day: clock.day };
  return {
    ok: false,
    problem: 'ambiguous',
    question: `${formatDayMonthLong(date)} ${clock.year} is a ${isoWeekdayName(clock.weekday || 7)}, not a ${isoWeekdayName(saidWeekday || 7)}. Which day did you mean? Reply with the date and time, e.g. "${formatCalendarDayMonth(date)} ${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}".`,
  };
}

/** Rebuilt in the zone itself, so a date across a DST change gets its own offset. */
function inZone(components: chrono.ParsedComponents, context: WhenContext, hasDay: boolean): Date | undefined {
  const day = hasDay ? undefined : parseIsoDate(context.day ?? '');
  try {
    const wall = {
      year: day?.year ?? components.get('year')!,
      month: day?.month ?? components.get('month')!,
      day: day?.day ?? components.get('day')!,
      hour: components.get('hour')!,
      minute: components.get('minute') ?? 0,
      second: 0,
    };
    return new Date(zonedWallTimeToEpochMs(wall, context.zone));
  } catch (error) {
    if (error instanceof WallClockError) return undefined;
    throw error;
  }
}

function ambiguous(a: number, b: number, monthFirst: boolean, context: WhenContext): WhenReading {
  const year = wallClock(context.now.getTime(), context.zone).year;
  const asDayMonth = { year, month: b, day: a };
  const asMonthDay = { year, month: a, day: b };
  const [first, second] = monthFirst ? [asMonthDay, asDayMonth] : [asDayMonth, asMonthDay];
  return {
    ok: false,
    problem: 'ambiguous',
    question: `"${a}/${b}" could be ${formatDayMonthLong(first)} or ${formatDayMonthLong(second)}. Which one? Write the month as a word, e.g. "${formatCalendarDayMonth(first)} 15:00".`,
  };
}

function describe(time: Date, zone: string): string {
  return formatDateTime(time.toISOString(), zone);
}

function example(context: WhenContext): string {
  return `${formatCalendarDayMonth(addCalendarDays(wallClock(context.now.getTime(), context.zone), 2))} 15:00`;
}
