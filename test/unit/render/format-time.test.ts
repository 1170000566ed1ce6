import { researchLinks } from '../../../functions/emails/search-links';
import { displayName, firstName, safeHttpUrl } from '../../../functions/domain/display-text';
import {
  formatCalendarDate,
  formatCalendarDayMonth,
  formatDate,
  formatDateTime,
  formatDayMonthLong,
  formatDayTime,
  formatDuration,
  formatRange,
  formatRangeElsewhere,
  formatShort,
  formatWhenFromNow,
  hoursBetween,
  isoWeekdayName,
  plusHours,
  relativeDay,
  zoneAbbreviation,
} from '../../../functions/commons/format-time';

describe('times shown to the user', () => {
  it('names the zone by abbreviation and by id', () => {
    expect(formatDateTime('2024-12-03T14:00:00Z', 'Europe/Berlin')).toBe('Tue 3 Dec 2024, 15:00 CET (Europe/Berlin)');
    expect(formatDateTime('2024-07-03T14:00:00Z', 'Europe/Berlin')).toBe('Wed 3 Jul 2024, 16:00 CEST (Europe/Berlin)');
    expect(formatDateTime('2024-12-03T14:00:00Z', 'Asia/Kolkata')).toBe('Tue 3 Dec 2024, 19:30 IST (Asia/Kolkata)');
    expect(formatDateTime('2024-12-03T14:00:00Z', 'Australia/Sydney')).toBe('Wed 4 Dec 2024, 01:00 AEDT (Australia/Sydney)');
  });

  it('names Berlin CET/CEST and New York EST/EDT, never an offset, in every sentence', () => {
    expect(formatDateTime('2026-09-15T12:00:00Z', 'Europe/Berlin')).toBe('Tue 15 Sept 2026, 14:00 CEST (Europe/Berlin)');
    expect(formatDateTime('2026-11-01T05:30:00Z', 'America/New_York')).toBe('Sun 1 Nov 2026, 01:30 EDT (America/New_York)');
    expect(formatDateTime('2026-11-01T06:30:00Z', 'America/New_York')).toBe('Sun 1 Nov 2026, 01:30 EST (America/New_York)');
  });

  it('writes a day that has no time with the same names', () => {
    expect(formatCalendarDate({ year: 2024, month: 9, day: 10 })).toBe('Tue 10 Sept 2024');
    expect(formatCalendarDayMonth({ year: 2024, month: 12, day: 3 })).toBe('Tue 3 Dec');
    expect(formatDayMonthLong({ year: 2024, month: 3, day: 4 })).toBe('4 March');
    expect([0, 1, 7, 8].map(isoWeekdayName)).toEqual([undefined, 'Monday', 'Sunday', undefined]);
  });

  it('falls back to the offset where a zone has no common abbreviation', () => {
    expect(zoneAbbreviation('2024-12-03T14:00:00Z', 'Asia/Tokyo')).toBe('GMT+9');
  });

  it('follows the clocks across a daylight-saving change', () => {
    expect(formatDateTime('2025-11-01T14:00:00Z', 'America/New_York')).toBe('Sat 1 Nov 2025, 10:00 EDT (America/New_York)');
    expect(formatDateTime('2025-11-02T15:00:00Z', 'America/New_York')).toBe('Sun 2 Nov 2025, 10:00 EST (America/New_York)');
  });

  it('writes a range with both dates when it crosses midnight', () => {
    expect(formatRange('2024-12-03T22:30:00Z', '2024-12-03T23:30:00Z', 'Europe/Berlin')).toBe(
      'Tue 3 Dec 2024, 23:30 – Wed 4 Dec, 00:30 CET (Europe/Berlin)',
    );
  });

  it('writes days and months the British way', () => {
    expect(formatDate('2024-09-10T13:00:00Z', 'Europe/London')).toBe('Tue 10 Sept 2024');
    expect(formatDayTime('2024-12-31T23:30:00.000Z', 'Pacific/Kiritimati')).toBe('Wed 1 Jan, 13:30 GMT+14');
  });

  it('shows zones whose offsets and clock changes are not whole hours', () => {
    expect(formatDateTime('2025-01-15T00:00:00Z', 'Australia/Lord_Howe')).toBe('Wed 15 Jan 2025, 11:00 LHDT (Australia/Lord_Howe)');
    expect(formatDateTime('2025-06-15T00:00:00Z', 'Australia/Lord_Howe')).toBe('Sun 15 Jun 2025, 10:30 LHST (Australia/Lord_Howe)');
    expect(formatDateTime('2025-01-15T00:00:00Z', 'Pacific/Chatham')).toBe('Wed 15 Jan 2025, 13:45 GMT+13:45 (Pacific/Chatham)');
  });

  it('names an offset by the rules of its own year: Casablanca’s summer time of 2018 is not its all-year +01 of 2019', () => {
    expect(zoneAbbreviation('2018-07-18T12:00:00Z', 'Africa/Casablanca')).toBe('WEST');
    expect(zoneAbbreviation('2019-01-18T12:00:00Z', 'Africa/Casablanca')).toBe('GMT+1');
  });

  it('writes a range across the spring-forward hour with the clock times people saw', () => {
    expect(formatRange('2025-03-30T00:30:00Z', '2025-03-30T01:30:00Z', 'Europe/Berlin')).toBe(
      'Sun 30 Mar 2025, 01:30–03:30 CET (Europe/Berlin)',
    );
  });

  it('dates the invitation’s own zone only when its day differs from the user’s, and adds nothing when its clock agrees', () => {
    expect(formatRangeElsewhere('2024-12-03T22:00:00Z', '2024-12-03T23:00:00Z', 'America/New_York', 'Asia/Tokyo')).toBe(
      'Tue 3 Dec, 17:00–18:00 EST (America/New_York)',
    );
    expect(formatRangeElsewhere('2024-12-03T15:00:00Z', '2024-12-03T16:00:00Z', 'America/New_York', 'Europe/Berlin')).toBe(
      '10:00–11:00 EST (America/New_York)',
    );
    expect(formatRangeElsewhere('2024-12-03T15:00:00Z', '2024-12-03T16:00:00Z', 'Europe/Paris', 'Europe/Berlin')).toBeUndefined();
  });

  it('refuses what is not an ISO instant or a known zone instead of showing another day', () => {
    expect(() => formatDate('not a time', 'Europe/Berlin')).toThrow(RangeError);
    expect(() => formatDate('2024-02-30T00:00:00Z', 'Europe/Berlin')).toThrow(RangeError);
    expect(() => formatDate('2024-12-03T14:00:00Z', 'Mars/Base')).toThrow(RangeError);
    expect(formatDuration('2024-02-31T00:00:00Z', '2024-03-01T00:00:00Z')).toBe('');
    expect(formatDate('2024-12-03T23:30:00-05:00', 'Europe/Berlin')).toBe('Wed 4 Dec 2024');
  });

  it('counts hours and adds them in UTC', () => {
    expect(hoursBetween('2024-12-03T14:00:00Z', '2024-12-04T13:59:00Z')).toBe(23);
    expect(hoursBetween('2024-12-03T14:00:00Z', '2024-12-03T13:30:00Z')).toBe(-1);
    expect(plusHours('2025-10-25T14:00:00Z', 48)).toBe('2025-10-27T14:00:00Z');
    expect(plusHours('2024-12-03T14:00:00.250Z', 1)).toBe('2024-12-03T15:00:00.250Z');
  });

  it('writes durations in words', () => {
    expect(formatDuration('2024-12-03T14:00:00Z', '2024-12-03T14:30:00Z')).toBe('30 minutes');
    expect(formatDuration('2024-12-03T14:00:00Z', '2024-12-03T15:00:00Z')).toBe('1 hour');
    expect(formatDuration('2024-12-03T14:00:00Z', '2024-12-03T15:15:00Z')).toBe('1 hour 15 minutes');
    expect(formatDuration('2024-12-03T14:00:00Z', '2024-12-03T14:00:00Z')).toBe('');
  });

  it('says today, tomorrow or the weekday by the user’s calendar, not UTC’s', () => {
    // 23:30 UTC on the 2nd is already the 3rd in Berlin.
    expect(relativeDay('2024-12-03T14:00:00Z', '2024-12-02T23:30:00Z', 'Europe/Berlin')).toBe('today');
    expect(relativeDay('2024-12-03T14:00:00Z', '2024-12-02T12:00:00Z', 'Europe/Berlin')).toBe('tomorrow');
    expect(relativeDay('2024-12-06T14:00:00Z', '2024-12-02T12:00:00Z', 'Europe/Berlin')).toBe('on Friday');
    expect(relativeDay('2024-12-20T14:00:00Z', '2024-12-02T12:00:00Z', 'Europe/Berlin')).toBe('on Fri 20 Dec');
    expect(relativeDay('2024-12-01T14:00:00Z', '2024-12-02T12:00:00Z', 'Europe/Berlin')).toBe('yesterday');
  });

  it('says when a meeting is from now, with the clock time and zone unless it lasts all day', () => {
    expect(formatWhenFromNow('2024-12-03T14:00:00Z', '2024-12-02T12:00:00Z', 'Europe/Berlin', false)).toBe('tomorrow at 15:00 CET');
    expect(formatWhenFromNow('2024-12-06T14:00:00Z', '2024-12-02T12:00:00Z', 'America/New_York', false)).toBe('on Friday at 09:00 EST');
    expect(formatWhenFromNow('2024-12-03T00:00:00Z', '2024-12-02T12:00:00Z', 'Europe/Berlin', true)).toBe('tomorrow');
  });

  it('counts calendar days across a night whose midnight does not exist', () => {
    // Santiago springs forward at midnight: 8 September 2024 starts at 01:00.
    expect(relativeDay('2024-09-08T03:30:00Z', '2024-09-07T03:00:00Z', 'America/Santiago')).toBe('tomorrow');
    expect(relativeDay('2024-09-10T15:00:00Z', '2024-09-07T15:00:00Z', 'America/Santiago')).toBe('on Tuesday');
  });
});

describe('names shown to the user', () => {
  it('turns a directory-style name around, and leaves suffixes alone', () => {
    expect(displayName('Rossi, Marco')).toBe('Marco Rossi');
    expect(displayName('Jane Doe, PhD')).toBe('Jane Doe, PhD');
    expect(displayName('Doe, Jane Mary')).toBe('Doe, Jane Mary');
    expect(firstName('Rossi, Marco')).toBe('Marco');
    expect(firstName('jane@acme.com')).toBeUndefined();
  });
  it('writes the possessive of a name ending in s without a second s', () => {
    const labels = researchLinks({ contactName: 'James Collins', company: 'Northwind Robotics' }).map((link) => link.label);
    expect(labels).toEqual(expect.arrayContaining(["James Collins' profile", "Northwind Robotics' industry and competitors"]));
    expect(researchLinks({ contactName: 'Jane Doe', company: 'Acme' }).map((link) => link.label)).toEqual(
      expect.arrayContaining(["Jane Doe's profile", "Acme's industry and competitors"]),
    );
  });
});

describe('links shown to the user', () => {
  it('links only web addresses: a place name or a script URL stays text', () => {
    expect(safeHttpUrl(' https://meet.google.com/abc-defg-hij ')).toBe('https://meet.google.com/abc-defg-hij');
    expect(safeHttpUrl('HTTP://Example.com')).toBe('http://example.com/');
    expect(safeHttpUrl('Google Meet')).toBeUndefined();
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeHttpUrl('')).toBeUndefined();
  });
});

describe('a subject line’s date', () => {
  it.each([
    ['2026-12-02T17:00:00Z', '2026-12-01T09:00:00Z', 'Wed 2 Dec 17:00 GMT'],
    ['2020-12-02T17:00:00Z', '2026-12-01T09:00:00Z', 'Wed 2 Dec 2020 17:00 GMT'],
    ['2027-05-20T09:00:00Z', '2026-12-01T09:00:00Z', 'Thu 20 May 10:00 BST'],
    ['2027-07-01T09:00:00Z', '2026-12-01T09:00:00Z', 'Thu 1 Jul 2027 10:00 BST'],
  ])('%s seen at %s in London: %s', (start, now, expected) => {
    expect(formatShort(start, 'Europe/London', new Date(now))).toBe(expected);
  });

  it('has no year without a now to compare with', () => {
    expect(formatShort('2020-12-02T17:00:00Z', 'Europe/London')).toBe('Wed 2 Dec 17:00 GMT');
  });
});
