import { type CalendarComponent, readCalendarTree, subcomponents } from '../../../functions/inbound/ics-components';
import { ReadLimitError } from '../../../functions/inbound/read-budget';
import { MAX_RULE_OCCURRENCES, vtimezoneOffset, zoneForYear } from '../../../functions/inbound/zone-window';
import { calendar, denseYearlyZoneCalendar, outlookZone, recurringZone } from '../../support/hostile-mail';

/** The first VTIMEZONE of a calendar text. */
function vtimezone(text: string): CalendarComponent {
  const { root } = readCalendarTree(text);
  return subcomponents(root!, 'VTIMEZONE')[0]!;
}

/** Hours east of UTC the zone gives a wall time written 'YYYY-MM-DDTHH:mm'. */
function offsetHours(zone: CalendarComponent, wall: string): number | undefined {
  const [year, month, day, hour, minute] = wall.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  const minutes = vtimezoneOffset(zone, { year, month, day, hour, minute, second: 0 });
  return minutes === undefined ? undefined : minutes / 60;
}

describe('a VTIMEZONE evaluated over the years an event needs', () => {
  it('evaluates an Outlook zone written from 1601 over a few years, not four centuries', () => {
    const changes = zoneForYear(vtimezone(calendar([outlookZone()])), 2027);
    expect(changes?.length).toBeGreaterThan(0);
    expect(changes?.length).toBeLessThanOrEqual(10);
    expect(offsetHours(vtimezone(calendar([outlookZone()])), '2027-03-02T15:00')).toBe(1);
  });

  it('keeps the offsets on both sides of each change of the event’s year', () => {
    const zone = vtimezone(calendar([outlookZone()]));
    expect(offsetHours(zone, '2027-03-28T01:59')).toBe(1);
    expect(offsetHours(zone, '2027-03-28T03:00')).toBe(2);
    expect(offsetHours(zone, '2027-10-31T01:59')).toBe(2);
    expect(offsetHours(zone, '2027-10-31T03:01')).toBe(1);
    expect(offsetHours(zone, '2027-01-01T00:00')).toBe(1);
  });

  it('reads a wall time in the skipped hour in the offset before it, and the repeated hour as its first occurrence (RFC 5545 §3.3.5)', () => {
    const zone = vtimezone(calendar([outlookZone()]));
    expect(offsetHours(zone, '2027-03-28T02:30')).toBe(1);
    expect(offsetHours(zone, '2027-10-31T02:30')).toBe(2);
  });

  it('reads an event in 1950 from the same rules as one in 2027', () => {
    expect(offsetHours(vtimezone(calendar([outlookZone()])), '1950-07-01T12:00')).toBe(2);
  });

  it('refuses a zone that changes its offset by a rule more frequent than yearly', () => {
    expect(() => zoneForYear(vtimezone(calendar([recurringZone('Bomb', 'FREQ=MINUTELY')])), 2027)).toThrow(
      new ReadLimitError(
        'zone-rules',
        'the time zone “Bomb” in its calendar changes its offset every minute, which no real time zone does',
      ),
    );
  });

  it(`refuses a yearly rule that changes more than ${MAX_RULE_OCCURRENCES} times in the years around the event`, () => {
    expect(() => zoneForYear(vtimezone(denseYearlyZoneCalendar()), 2027)).toThrow(/changes its offset more than 500 times in 4 years/);
  });

  it('calls a zone whose rule has a part it does not evaluate unusable, rather than guess', () => {
    expect(zoneForYear(vtimezone(calendar([recurringZone('Weekly numbers', 'FREQ=YEARLY;BYWEEKNO=13;BYDAY=SU')])), 2027)).toBeUndefined();
  });
});
