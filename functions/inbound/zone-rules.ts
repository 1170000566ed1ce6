import { daysInMonth } from '../commons/wall-clock';
import { readDateTime, wallToMs } from './ics-values';

/**
 * The yearly rule of a VTIMEZONE observance (RFC 5545 §3.3.10, §3.6.5), evaluated for one year
 * at a time. Real zones change on rules like `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU` (the last Sunday
 * of March) or `BYMONTH=3;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU`; this reads exactly the parts
 * such rules use — BYMONTH, BYDAY (with ordinals), BYMONTHDAY, BYHOUR, BYMINUTE, BYSECOND,
 * INTERVAL, UNTIL, COUNT — and calls a rule with any other part unreadable rather than guess.
 */

/** A yearly rule, read; occurrences keep DTSTART's time of day unless BYHOUR/BYMINUTE/BYSECOND say otherwise. */
export interface YearlyRule {
  interval: number;
  /** Last occurrence allowed, as local wall-clock milliseconds (see `wallToMs`). */
  untilMs?: number;
  count?: number;
  months?: number[];
  monthDays?: number[];
  weekdays?: { weekday: number; ordinal: number }[];
  hours?: number[];
  minutes?: number[];
  seconds?: number[];
}

/** Rule parts read, by name; WKST only matters to weekly rules and BYWEEKNO, so it is allowed and ignored. */
const KNOWN_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'UNTIL',
  'COUNT',
  'BYMONTH',
  'BYDAY',
  'BYMONTHDAY',
  'BYHOUR',
  'BYMINUTE',
  'BYSECOND',
  'WKST',
]);
const WEEKDAYS: Readonly<Record<string, number>> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };

/**
 * The rule parts of a YEARLY rule, or undefined when a part is one this does not evaluate or a
 * value is out of its range. `untilOffsetSeconds` is the observance's TZOFFSETFROM: a UTC UNTIL
 * is read as the wall-clock time it was in the offset the observance changes from.
 */
export function readYearlyRule(parts: Map<string, string>, untilOffsetSeconds: number): YearlyRule | undefined {
  for (const name of parts.keys()) if (!KNOWN_PARTS.has(name)) return undefined;
  const interval = parts.has('INTERVAL') ? integer(parts.get('INTERVAL'), 1, 1000) : 1;
  if (interval === undefined) return undefined;
  const rule: YearlyRule = { interval };
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    const read = readDateTime(until);
    if (!read) return undefined;
    // A date UNTIL includes the whole of its day (RFC 5545 §3.3.10).
    rule.untilMs = read.allDay ? wallToMs(read.wall) + 86_399_000 : wallToMs(read.wall) + (read.utc ? untilOffsetSeconds * 1000 : 0);
  }
  if (parts.has('COUNT')) {
    const count = integer(parts.get('COUNT'), 1, Number.MAX_SAFE_INTEGER);
    if (count === undefined) return undefined;
    rule.count = count;
  }
  const lists: [keyof YearlyRule, string, number, number, boolean][] = [
    ['months', 'BYMONTH', 1, 12, false],
    ['monthDays', 'BYMONTHDAY', 1, 31, true],
    ['hours', 'BYHOUR', 0, 23, false],
    ['minutes', 'BYMINUTE', 0, 59, false],
    ['seconds', 'BYSECOND', 0, 59, false],
  ];
  for (const [key, name, min, max, signed] of lists) {
    const written = parts.get(name);
    if (written === undefined) continue;
    const values = numberList(written, min, max, signed);
    if (!values) return undefined;
    (rule[key] as number[]) = values;
  }
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    const weekdays = weekdayList(byDay);
    if (!weekdays) return undefined;
    rule.weekdays = weekdays;
  }
  return rule;
}

/**
 * Calls `visit` with each occurrence of the rule in `year` (local wall-clock milliseconds), in
 * order, from the DTSTART wall time `startMs`; stops when `visit` returns false. Candidates are
 * generated one by one, so a rule that would make thousands in a year is stopped by its caller's
 * budget after the first few hundred, never built whole.
 */
export function forEachOccurrenceIn(rule: YearlyRule, startMs: number, year: number, visit: (ms: number) => boolean): boolean {
  const start = new Date(startMs);
  // RFC 5545 §3.3.10: in a YEARLY rule BYMONTHDAY alone expands to every month, BYDAY alone to the
  // whole year; with neither, the rule keeps DTSTART's month and day.
  const monthList = rule.months ?? (rule.monthDays ? ALL_MONTHS : rule.weekdays ? undefined : [start.getUTCMonth() + 1]);
  const hours = rule.hours ?? [start.getUTCHours()];
  const minutes = rule.minutes ?? [start.getUTCMinutes()];
  const seconds = rule.seconds ?? [start.getUTCSeconds()];
  const days = monthList ? daysByMonth(rule, monthList, year, start.getUTCDate()) : daysOfYearByWeekday(rule, year);
  for (const dayMs of days) {
    for (const hour of hours) {
      for (const minute of minutes) {
        for (const second of seconds) {
          if (!visit(dayMs + ((hour * 60 + minute) * 60 + second) * 1000)) return false;
        }
      }
    }
  }
  return true;
}

const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const DAY_MS = 86_400_000;

/** Days (midnight, as milliseconds) of the listed months that the rule's BYMONTHDAY and BYDAY select. */
function* daysByMonth(rule: YearlyRule, months: number[], year: number, startDay: number): Generator<number> {
  for (const month of months) {
    const length = daysInMonth(year, month);
    const first = Date.UTC(year, month - 1, 1);
    const firstWeekday = new Date(first).getUTCDay();
    const selected = (day: number) =>
      !rule.weekdays || rule.weekdays.some((w) => matchesWeekday(w, (firstWeekday + day - 1) % 7, day, length));
    if (rule.monthDays) {
      const days = rule.monthDays.map((day) => (day > 0 ? day : length + 1 + day)).filter((day) => day >= 1 && day <= length);
      // BYDAY limits BYMONTHDAY (RFC 5545 §3.3.10, the table's note 2).
      for (const day of [...new Set(days)].sort((a, b) => a - b)) if (selected(day)) yield first + (day - 1) * DAY_MS;
    } else if (rule.weekdays) {
      for (let day = 1; day <= length; day++) if (selected(day)) yield first + (day - 1) * DAY_MS;
    } else if (startDay <= length) {
      yield first + (startDay - 1) * DAY_MS;
    }
  }
}

/** BYDAY in a month (or year): the weekday, and with an ordinal the n-th (or n-th from the end) of the period. */
function matchesWeekday(rule: { weekday: number; ordinal: number }, weekday: number, day: number, length: number): boolean {
  if (weekday !== rule.weekday) return false;
  if (rule.ordinal === 0) return true;
  const nth = rule.ordinal > 0 ? Math.ceil(day / 7) : -Math.ceil((length - day + 1) / 7);
  return nth === rule.ordinal;
}

/** BYDAY without BYMONTH or BYMONTHDAY: the n-th weekday of the year (RFC 5545 §3.3.10, note 2). */
function* daysOfYearByWeekday(rule: YearlyRule, year: number): Generator<number> {
  const first = Date.UTC(year, 0, 1);
  const firstWeekday = new Date(first).getUTCDay();
  const length = (Date.UTC(year + 1, 0, 1) - first) / DAY_MS;
  for (let index = 0; index < length; index++) {
    if ((rule.weekdays ?? []).some((w) => matchesWeekday(w, (firstWeekday + index) % 7, index + 1, length))) yield first + index * DAY_MS;
  }
}

function integer(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** `1,2,-1`: each within [min, max] (or its negative when signed); sorted, without repeats. */
function numberList(text: string, min: number, max: number, signed: boolean): number[] | undefined {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const negative = signed && item.startsWith('-');
    const value = integer(negative || item.startsWith('+') ? item.slice(1) : item, min, max);
    if (value === undefined) return undefined;
    values.add(negative ? -value : value);
  }
  return [...values].sort((a, b) => a - b);
}

/** `SU`, `-1SU`, `2MO`, `+1TU`: ordinals 1–53 either way (RFC 5545 §3.3.10 weekdaynum). */
function weekdayList(text: string): { weekday: number; ordinal: number }[] | undefined {
  const out: { weekday: number; ordinal: number }[] = [];
  for (const item of text.split(',')) {
    const weekday = WEEKDAYS[item.slice(-2).toUpperCase()];
    const written = item.slice(0, -2);
    const sign = written.startsWith('-') ? -1 : 1;
    const digits = written.replace(/^[+-]/, '');
    const ordinal = digits === '' ? 0 : integer(digits, 1, 53);
    if (weekday === undefined || ordinal === undefined || (digits === '' && written !== '')) return undefined;
    out.push({ weekday, ordinal: sign * ordinal });
  }
  return out;
}
