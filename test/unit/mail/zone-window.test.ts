import ICAL from '../../../functions/mail/inbound/ical';
import { ReadLimitError } from '../../../functions/mail/inbound/read-budget';
import { MAX_RULE_OCCURRENCES, zoneForYear } from '../../../functions/mail/inbound/zone-window';
import { calendar, denseYearlyZoneCalendar, outlookZone, recurringZone } from '../../support/hostile-mail';

/** The first VTIMEZONE of a calendar text, as ical.js parses it. */
function vtimezone(text: string) {
  return new ICAL.Component(ICAL.parse(text) as never).getFirstSubcomponent('vtimezone')!;
}

function offsetHours(zone: InstanceType<typeof ICAL.Timezone>, wall: string): number {
  return zone.utcOffset(ICAL.Time.fromDateTimeString(wall)) / 3600;
}

describe('a VTIMEZONE narrowed to the years an event needs', () => {
  it('expands an Outlook zone written from 1601 over a few years, not four centuries', () => {
    const block = vtimezone(calendar([outlookZone()]));
    const narrowed = zoneForYear(block, 2027);
    expect(offsetHours(narrowed, '2027-03-02T15:00:00')).toBe(1);
    // ical.js on the block as written lists every change from 1601 to five years past today.
    const whole = new ICAL.Timezone({ component: block, tzid: 'W. Europe Standard Time' });
    whole.utcOffset(ICAL.Time.fromDateTimeString('2027-03-02T15:00:00'));
    expect(whole.changes.length).toBeGreaterThan(800);
    expect(narrowed.changes.length).toBeLessThanOrEqual(10);
  });

  it('keeps the offsets on both sides of each change of the event’s year', () => {
    const zone = zoneForYear(vtimezone(calendar([outlookZone()])), 2027);
    expect(offsetHours(zone, '2027-03-28T01:59:00')).toBe(1);
    expect(offsetHours(zone, '2027-03-28T03:00:00')).toBe(2);
    expect(offsetHours(zone, '2027-10-31T01:59:00')).toBe(2);
    expect(offsetHours(zone, '2027-10-31T03:01:00')).toBe(1);
    expect(offsetHours(zone, '2027-01-01T00:00:00')).toBe(1);
  });

  it('reads an event in 1950 from the same rules as one in 2027', () => {
    expect(offsetHours(zoneForYear(vtimezone(calendar([outlookZone()])), 1950), '1950-07-01T12:00:00')).toBe(2);
  });

  it('refuses a zone that changes its offset by a rule more frequent than yearly', () => {
    expect(() => zoneForYear(vtimezone(calendar([recurringZone('Bomb', 'FREQ=MINUTELY')])), 2027)).toThrow(
      new ReadLimitError('zone-rules', 'the time zone “Bomb” in its calendar changes its offset every minute, which no real time zone does'),
    );
  });

  it(`refuses a yearly rule that changes more than ${MAX_RULE_OCCURRENCES} times in the years around the event`, () => {
    expect(() => zoneForYear(vtimezone(denseYearlyZoneCalendar()), 2027)).toThrow(/changes its offset more than 500 times in 4 years/);
  });
});
