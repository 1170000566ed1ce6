import { readZoneName } from '../../../functions/domain/zone-names';

describe('what people write for a time zone', () => {
  test.each([
    ['Europe/Berlin', 'Europe/Berlin', 'iana'],
    ['america/new_york', 'America/New_York', 'iana'],
    ['Berlin', 'Europe/Berlin', 'city'],
    ['new york', 'America/New_York', 'city'],
    ['Munich', 'Europe/Berlin', 'city'],
    ['San Francisco', 'America/Los_Angeles', 'city'],
    ['Eastern Time', 'America/New_York', 'name'],
    ['CET', 'Europe/Berlin', 'name'],
    ['PST', 'America/Los_Angeles', 'name'],
    ['IST', 'Asia/Kolkata', 'name'],
    ['UTC', 'UTC', 'iana'],
    ['UTC+1', 'Etc/GMT-1', 'offset'],
    ['GMT-5', 'Etc/GMT+5', 'offset'],
    ['UTC+5:30', 'Asia/Kolkata', 'offset'],
  ])('%s → %s', (text, zone, readAs) => {
    expect(readZoneName(text)).toEqual({ zone, readAs });
  });

  test.each(['Atlantis', 'UTC+25', 'my usual zone', 'x'.repeat(100)])('%s is not a zone', (text) => {
    expect(readZoneName(text)).toBeUndefined();
  });
});
