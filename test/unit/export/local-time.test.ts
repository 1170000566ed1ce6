import { localDateTime } from '../../../functions/export/local-time';

describe('times in exported spreadsheets', () => {
  it('writes the user’s clock time, across a daylight-saving change', () => {
    expect(localDateTime('2027-03-02T14:00:00Z', 'Europe/Berlin', false)).toBe('2027-03-02 15:00');
    expect(localDateTime('2027-03-28T01:30:00Z', 'Europe/Berlin', false)).toBe('2027-03-28 03:30');
    expect(localDateTime('2027-03-02T02:00:00Z', 'America/Los_Angeles', false)).toBe('2027-03-01 18:00');
  });

  it('writes an all-day event as its date, whatever the zone', () => {
    expect(localDateTime('2027-03-02T00:00:00Z', 'America/Los_Angeles', true)).toBe('2027-03-02');
  });

  it('writes a time it cannot read as stored instead of failing the export', () => {
    expect(localDateTime('not a time', 'Europe/Berlin', false)).toBe('not a time');
  });
});
