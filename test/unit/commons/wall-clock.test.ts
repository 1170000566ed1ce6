import {
  addCalendarDays,
  addCalendarMonths,
  formatIsoUtc,
  isoWeekOf,
  parseInZone,
  zonedWallTimeToEpochMs,
  WallClockError,
} from '../../../functions/commons/wall-clock';

const wall = (year: number, month: number, day: number, hour: number, minute = 0) => ({ year, month, day, hour, minute, second: 0 });
const iso = (ms: number) => new Date(ms).toISOString();

describe('a local wall time as an instant (RFC 5545 §3.3.5)', () => {
  test('reads an ordinary time in the offset of that date, summer and winter', () => {
    expect(iso(zonedWallTimeToEpochMs(wall(2026, 7, 1, 9), 'Europe/Berlin'))).toBe('2026-07-01T07:00:00.000Z');
    expect(iso(zonedWallTimeToEpochMs(wall(2026, 12, 1, 9), 'Europe/Berlin'))).toBe('2026-12-01T08:00:00.000Z');
  });

  test('reads a time the spring-forward skips in the offset before the gap (an hour later on the clock)', () => {
    // New York skips 02:00–03:00 on 8 March 2026: 02:30 EST is 07:30Z, which the clock shows as 03:30 EDT.
    expect(iso(zonedWallTimeToEpochMs(wall(2026, 3, 8, 2, 30), 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  test('reads a time the fall-back repeats as its first occurrence', () => {
    // 01:30 happens twice on 1 November 2026 in New York: first in EDT (05:30Z), then in EST (06:30Z).
    expect(iso(zonedWallTimeToEpochMs(wall(2026, 11, 1, 1, 30), 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  test('refuses a day no calendar has and a zone the runtime does not know', () => {
    expect(() => zonedWallTimeToEpochMs(wall(2026, 2, 30, 9), 'Europe/Berlin')).toThrow(WallClockError);
    expect(() => zonedWallTimeToEpochMs(wall(2026, 2, 3, 9), 'Mars/Olympus_Mons')).toThrow(WallClockError);
  });

  test('an ISO text with an offset is that instant; without one it is a wall time in the zone', () => {
    expect(iso(parseInZone('2026-03-29T02:30:00', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(parseInZone('2026-03-29T02:30:00Z', 'Europe/Berlin'))).toBe('2026-03-29T02:30:00.000Z');
    expect(parseInZone('next tuesday', 'Europe/Berlin')).toBeNaN();
  });
});

describe('calendar arithmetic on local dates', () => {
  test('days cross month and year ends, months keep to the last day of a shorter month', () => {
    expect(addCalendarDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(addCalendarDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(addCalendarMonths({ year: 2028, month: 1, day: 31 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addCalendarMonths({ year: 2026, month: 11, day: 30 }, 3)).toEqual({ year: 2027, month: 2, day: 28 });
  });

  test('ISO weeks belong to the year of their Thursday', () => {
    expect(isoWeekOf({ year: 2026, month: 12, day: 31 })).toBe('2026-W53');
    expect(isoWeekOf({ year: 2027, month: 1, day: 3 })).toBe('2026-W53');
    expect(isoWeekOf({ year: 2027, month: 1, day: 4 })).toBe('2027-W01');
    expect(isoWeekOf({ year: 2024, month: 12, day: 30 })).toBe('2025-W01');
  });
});

describe('writing times', () => {
  test('UTC ISO text carries milliseconds only when there are some', () => {
    expect(formatIsoUtc(Date.UTC(2026, 11, 3, 14))).toBe('2026-12-03T14:00:00Z');
    expect(formatIsoUtc(Date.UTC(2026, 11, 3, 14, 0, 0, 120))).toBe('2026-12-03T14:00:00.120Z');
  });
});
