import { displayName, firstName } from '../../../functions/mail/outbound/text';
import { formatDateTime, formatDuration, formatRange, relativeDay, zoneAbbreviation } from '../../../functions/mail/outbound/format-time';

describe('times shown to the user', () => {
  it('names the zone by abbreviation and by id', () => {
    expect(formatDateTime('2024-12-03T14:00:00Z', 'Europe/Berlin')).toBe('Tue 3 Dec 2024, 15:00 CET (Europe/Berlin)');
    expect(formatDateTime('2024-07-03T14:00:00Z', 'Europe/Berlin')).toBe('Wed 3 Jul 2024, 16:00 CEST (Europe/Berlin)');
    expect(formatDateTime('2024-12-03T14:00:00Z', 'Asia/Kolkata')).toBe('Tue 3 Dec 2024, 19:30 IST (Asia/Kolkata)');
    expect(formatDateTime('2024-12-03T14:00:00Z', 'Australia/Sydney')).toBe('Wed 4 Dec 2024, 01:00 AEDT (Australia/Sydney)');
  });

  it('falls back to the offset where a zone has no common abbreviation', () => {
    expect(zoneAbbreviation('2024-12-03T14:00:00Z', 'Asia/Tokyo')).toBe('GMT+9');
  });

  it('follows the clocks across a daylight-saving change', () => {
    expect(formatDateTime('2025-11-01T14:00:00Z', 'America/New_York')).toBe('Sat 1 Nov 2025, 10:00 EDT (America/New_York)');
    expect(formatDateTime('2025-11-02T15:00:00Z', 'America/New_York')).toBe('Sun 2 Nov 2025, 10:00 EST (America/New_York)');
  });

  it('writes a range with both dates when it crosses midnight', () => {
    expect(formatRange('2024-12-03T22:30:00Z', '2024-12-03T23:30:00Z', 'Europe/Berlin')).toBe('Tue 3 Dec 2024, 23:30 – Wed 4 Dec, 00:30 CET (Europe/Berlin)');
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
});
