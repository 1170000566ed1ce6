import { wallClock, type WallClock } from './wall-clock';

/**
 * Times in the sentences Rapport writes back about a reply ("Moved the interview to Tue 3 Dec
 * 2024, 15:00 EST"), in US English as they always were: short names are "Sep", not en-GB "Sept".
 */

const WEEKDAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const two = (value: number): string => String(value).padStart(2, '0');

/** "Monday" for ISO weekday 1 … "Sunday" for 7. */
export function isoWeekdayName(isoWeekday: number): string | undefined {
  return isoWeekday >= 1 && isoWeekday <= 7 ? WEEKDAYS_LONG[isoWeekday % 7] : undefined;
}

/** "Tue" */
export function weekdayShort(clock: Pick<WallClock, 'weekday'>): string {
  return WEEKDAYS_LONG[clock.weekday]!.slice(0, 3);
}

/** "December" */
export function monthLong(month: number): string {
  return MONTHS_LONG[month - 1]!;
}

/** "Dec" */
export function monthShort(month: number): string {
  return MONTHS_LONG[month - 1]!.slice(0, 3);
}

/** "Tue 3 Dec 2024" */
export function dayMonthYearText(clock: Pick<WallClock, 'year' | 'month' | 'day' | 'weekday'>): string {
  return `${weekdayShort(clock)} ${clock.day} ${monthShort(clock.month)} ${clock.year}`;
}

/** "Tue 3 Dec 2024, 15:00" */
export function dayMonthYearTimeText(clock: WallClock): string {
  return `${dayMonthYearText(clock)}, ${two(clock.hour)}:${two(clock.minute)}`;
}

/** "Tue 3 Dec 2024, 15:00 EST" (the runtime's en-US short zone name, "GMT+1" where there is no abbreviation). */
export function zonedTimeText(epochMs: number, zone: string): string {
  return `${dayMonthYearTimeText(wallClock(epochMs, zone))} ${zoneAbbreviation(epochMs, zone)}`;
}

const MAX_CACHED_ZONES = 500;
const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneAbbreviation(epochMs: number, zone: string): string {
  let formatter = nameFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    if (nameFormatters.size >= MAX_CACHED_ZONES) nameFormatters.clear();
    nameFormatters.set(zone, formatter);
  }
  return formatter.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value ?? '';
}
