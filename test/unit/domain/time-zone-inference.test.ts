import { inferUserZone, zoneForOffset } from '../../../functions/domain/time-zone-inference';

describe("the user's time zone, before they set one", () => {
  const july = new Date('2024-07-10T12:00:00Z');
  const january = new Date('2024-01-10T12:00:00Z');

  it("is the invitation's zone when it agrees with the offset of the user's forward", () => {
    expect(inferUserZone({ eventZone: 'Europe/Tallinn', forwardOffsetMinutes: 180, forwardDate: july })).toBe('Europe/Tallinn');
  });

  it("is a zone with the forward's offset when the invitation's zone disagrees", () => {
    expect(inferUserZone({ eventZone: 'Europe/Tallinn', forwardOffsetMinutes: -240, forwardDate: july })).toBe('America/New_York');
    expect(inferUserZone({ eventZone: 'Europe/Tallinn', forwardOffsetMinutes: -300, forwardDate: january })).toBe('America/New_York');
  });

  it("is the invitation's zone when the forward has no usable Date, and UTC when nothing is known", () => {
    expect(inferUserZone({ eventZone: 'America/Denver' })).toBe('America/Denver');
    expect(inferUserZone({})).toBe('UTC');
  });

  it('respects daylight saving when matching an offset', () => {
    expect(zoneForOffset(60, july)).toBe('Europe/London');
    expect(zoneForOffset(60, january)).toBe('Europe/Berlin');
    expect(zoneForOffset(330, july)).toBe('Asia/Kolkata');
  });
});
