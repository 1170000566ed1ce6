import { daysInMonth, type WallTime } from '../commons/wall-clock';

/**
 * iCalendar value types Rapport reads (RFC 5545 §3.3), each decoded by a linear scan of the
 * written text: DATE and DATE-TIME (§3.3.4, §3.3.5), DURATION (§3.3.6), UTC-OFFSET (§3.3.14) and
 * the rule parts of a RECUR (§3.3.10). A value that does not follow the grammar reads as
 * `undefined`: the property is then treated as absent.
 */

interface DateTimeValue {
  wall: WallTime;
  /** A DATE (`20250310`), not a DATE-TIME. */
  allDay: boolean;
  /** Written with a trailing Z (UTC, §3.3.5 form #2). */
  utc: boolean;
}

/** `20250310`, `20250310T150000` or `20250310T150000Z`; anything else (or an impossible date) is undefined. */
export function readDateTime(value: string): DateTimeValue | undefined {
  const length = value.length;
  if (length !== 8 && length !== 15 && length !== 16) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 4, 2);
  const day = digits(value, 6, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (length === 8) return { wall: { year, month, day, hour: 0, minute: 0, second: 0 }, allDay: true, utc: false };
  if (value[8] !== 'T' && value[8] !== 't') return undefined;
  const hour = digits(value, 9, 2);
  const minute = digits(value, 11, 2);
  // A leap second (60) is allowed by §3.3.12 but has no instant in Unix time; such a value is not read.
  const second = digits(value, 13, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const utc = length === 16;
  if (utc && value[15] !== 'Z' && value[15] !== 'z') return undefined;
  return { wall: { year, month, day, hour, minute, second }, allDay: false, utc };
}

/** DURATION (§3.3.6): nominal days (weeks count 7) and exact seconds. */
export interface DurationValue {
  days: number;
  seconds: number;
}

/** Largest number read in one duration field: a century of seconds, far past any meeting. */
const MAX_DURATION_FIELD = 3_200_000_000;

/** `PT30M`, `P1D`, `P1DT2H`, `P2W`, with an optional `+`; negative durations are not an event's length (undefined). */
export function readDuration(value: string): DurationValue | undefined {
  let at = value[0] === '+' ? 1 : 0;
  if (value[at] !== 'P') return undefined;
  at += 1;
  const units = 'WDTHMS';
  let unitIndex = 0;
  let days = 0;
  let seconds = 0;
  let inTime = false;
  let fields = 0;
  while (at < value.length) {
    if (value[at] === 'T' && !inTime) {
      inTime = true;
      unitIndex = units.indexOf('T') + 1;
      at += 1;
      continue;
    }
    let end = at;
    while (end < value.length && value.charCodeAt(end) >= 0x30 && value.charCodeAt(end) <= 0x39) end++;
    if (end === at || end - at > 10) return undefined;
    const amount = Number(value.slice(at, end));
    const unit = value[end] ?? '';
    const found = units.indexOf(unit, unitIndex);
    // Units in the grammar's order; W, D before T; H, M, S after it.
    if (found < 0 || unit === 'T' || inTime !== found > units.indexOf('T') || amount > MAX_DURATION_FIELD) return undefined;
    if (unit === 'W') days += amount * 7;
    else if (unit === 'D') days += amount;
    else seconds += amount * (unit === 'H' ? 3600 : unit === 'M' ? 60 : 1);
    unitIndex = found + 1;
    fields += 1;
    at = end + 1;
  }
  return fields > 0 ? { days, seconds } : undefined;
}

/** UTC-OFFSET (§3.3.14) `+0100`, `-0430`, `+013045` → seconds east of UTC; undefined past ±18 hours. */
export function readUtcOffset(value: string): number | undefined {
  if (value.length !== 5 && value.length !== 7) return undefined;
  const sign = value[0] === '-' ? -1 : value[0] === '+' ? 1 : 0;
  const hours = digits(value, 1, 2);
  const minutes = digits(value, 3, 2);
  const seconds = value.length === 7 ? digits(value, 5, 2) : 0;
  if (sign === 0 || hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
  const total = hours * 3600 + minutes * 60 + seconds;
  return total <= 18 * 3600 ? sign * total : undefined;
}

/** RECUR (§3.3.10) as its rule parts by upper-case name; undefined when a part is not NAME=VALUE or repeats. */
export function readRecurParts(value: string): Map<string, string> | undefined {
  const parts = new Map<string, string>();
  for (const part of value.split(';')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0) return undefined;
    const name = part.slice(0, equals).toUpperCase();
    if (parts.has(name)) return undefined;
    parts.set(name, part.slice(equals + 1));
  }
  return parts;
}

/** A wall time as milliseconds on a clock that never changes offset (UTC's), for arithmetic. */
export function wallToMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

export function msToWall(ms: number): WallTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** The number written in `count` ASCII digits at `start`, or -1 when any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let at = start; at < start + count; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x30 || code > 0x39) return -1;
    value = value * 10 + (code - 0x30);
  }
  return value;
}
