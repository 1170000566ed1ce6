import { DateTime } from 'luxon';
import { readWhen } from '../../../functions/domain/when-text';

const now = new Date('2027-03-01T09:00:00Z'); // Mon 1 Mar 2027

describe('a date and time the user wrote, in their zone', () => {
  test('reads "Thursday 3pm" as the coming Thursday, 15:00 in Berlin', () => {
    const reading = readWhen('Thursday 3pm', { zone: 'Europe/Berlin', now });
    expect(reading.ok && reading.start.toISOString()).toBe('2027-03-04T14:00:00.000Z');
  });

  test('reads a date after the spring change with its own offset', () => {
    const reading = readWhen('Tue 30 Mar 2027 15:00', { zone: 'Europe/Berlin', now });
    expect(reading.ok && reading.start.toISOString()).toBe('2027-03-30T13:00:00.000Z');
  });

  test('asks when the time is in the past', () => {
    expect(readWhen('Mon 1 Feb 2027 10:00', { zone: 'Europe/Berlin', now })).toMatchObject({ ok: false, problem: 'past' });
  });

  test('asks about "3/4", naming the region’s reading first', () => {
    expect(readWhen('3/4 15:00', { zone: 'Europe/Berlin', now })).toMatchObject({
      ok: false,
      problem: 'ambiguous',
      question: expect.stringContaining('could be 3 April or 4 March'),
    });
    expect(readWhen('3/4 15:00', { zone: 'America/Chicago', now })).toMatchObject({
      ok: false,
      problem: 'ambiguous',
      question: expect.stringContaining('could be 4 March or 3 April'),
    });
  });

  test('reads an unambiguous numeric date in the region’s order', () => {
    const berlin = readWhen('15/3 10:00', { zone: 'Europe/Berlin', now });
    expect(berlin.ok && DateTime.fromJSDate(berlin.start, { zone: 'Europe/Berlin' }).toISODate()).toBe('2027-03-15');
    const chicago = readWhen('3/15 10:00', { zone: 'America/Chicago', now });
    expect(chicago.ok && DateTime.fromJSDate(chicago.start, { zone: 'America/Chicago' }).toISODate()).toBe('2027-03-15');
  });

  test('puts a time without a day on the day it belongs to', () => {
    const reading = readWhen('at 15:30', { zone: 'Europe/Berlin', now, day: '2027-03-10' });
    expect(reading.ok && DateTime.fromJSDate(reading.start, { zone: 'Europe/Berlin' }).toISO()).toBe('2027-03-10T15:30:00.000+01:00');
  });

  test('reads a time the autumn change repeats as its first occurrence, and one the spring change skips an hour later', () => {
    const repeated = readWhen('Sun 7 Nov 2027 1:30', { zone: 'America/New_York', now });
    expect(repeated.ok && repeated.start.toISOString()).toBe('2027-11-07T05:30:00.000Z');
    const skipped = readWhen('Sun 14 Mar 2027 2:30', { zone: 'America/New_York', now });
    expect(skipped.ok && skipped.start.toISOString()).toBe('2027-03-14T07:30:00.000Z');
  });
});
