import { meetingDates, nextFollowUpUtc, touched } from '../../../functions/domain/keep-in-touch';
import type { Contact, Interview } from '../../../functions/domain/model';

const zone = 'Europe/Berlin';
const priya: Contact = {
  userId: 'u1',
  email: 'priya@acme.example',
  source: 'interview',
  interviewIds: ['a1'],
  firstMetUtc: '2026-12-10T14:00:00Z',
  lastTouchUtc: '2026-12-10T14:00:00Z',
  nextTouchUtc: nextFollowUpUtc('2026-12-10T14:00:00Z', undefined, zone),
  createdAt: '2026-12-01T10:00:00Z',
};
const meeting = (startUtc: string, status: Interview['status']) => ({ startUtc, status });

describe("a contact's dates follow its meetings", () => {
  it('moves first met, last in touch and the keep-in-touch date with a rescheduled meeting', () => {
    const moved = meetingDates(priya, [meeting('2026-12-11T07:30:00Z', 'scheduled')], zone);
    expect(moved.firstMetUtc).toBe('2026-12-11T07:30:00Z');
    expect(moved.lastTouchUtc).toBe('2026-12-11T07:30:00Z');
    // Three months after Fri 11 Dec 08:30, at 09:00 in Berlin.
    expect(moved.nextTouchUtc).toBe('2027-03-11T08:00:00Z');
  });

  it('leaves a cancelled, never-held meeting with no first-met or last-in-touch date and no follow-up', () => {
    const cancelled = meetingDates(priya, [meeting('2026-12-10T14:00:00Z', 'cancelled')], zone);
    expect(cancelled.firstMetUtc).toBeUndefined();
    expect(cancelled.lastTouchUtc).toBeUndefined();
    expect(cancelled.nextTouchUtc).toBeUndefined();
  });

  it('does not count a no-show as met, but keeps the meeting that was held', () => {
    const dates = meetingDates(priya, [meeting('2026-11-02T10:00:00Z', 'done'), meeting('2026-12-10T14:00:00Z', 'no-show')], zone);
    expect(dates.firstMetUtc).toBe('2026-11-02T10:00:00Z');
    expect(dates.lastTouchUtc).toBe('2026-11-02T10:00:00Z');
  });

  it('keeps a touch logged by hand when a meeting is cancelled, and a follow-up set after the thank-you', () => {
    const handTouched = touched(priya, '2026-12-20T10:00:00Z', zone);
    const afterCancel = meetingDates(handTouched, [meeting('2026-12-10T14:00:00Z', 'cancelled')], zone);
    expect(afterCancel.lastTouchUtc).toBe('2026-12-20T10:00:00Z');
    expect(afterCancel.firstMetUtc).toBeUndefined();
    const afterThankYou = { ...priya, nextTouchUtc: '2026-12-24T08:00:00Z' };
    expect(meetingDates(afterThankYou, [meeting('2026-12-11T09:00:00Z', 'done')], zone).nextTouchUtc).toBe('2026-12-24T08:00:00Z');
  });
});
