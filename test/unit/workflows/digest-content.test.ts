import type { Contact, Interview } from '../../../functions/domain/model';
import { digestContent, isEmptyWeek } from '../../../functions/workflows/send-digest';

const now = new Date('2026-11-23T07:00:00Z');
const interview = (id: string, startUtc: string, extra: Partial<Interview> = {}): Interview => ({
  userId: 'u1',
  interviewId: id,
  calendarUid: id,
  sequence: 0,
  version: 1,
  status: 'scheduled',
  title: id,
  startUtc,
  endUtc: new Date(new Date(startUtc).getTime() + 30 * 60_000).toISOString(),
  allDay: false,
  attendees: [],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  ...extra,
});
const contact = (email: string, extra: Partial<Contact>): Contact => ({ userId: 'u1', email, source: 'interview', createdAt: '2026-10-01T00:00:00Z', ...extra });

describe('the weekly digest', () => {
  it('lists what is coming, what is owed, who to contact and who to follow up with', () => {
    const content = digestContent({
      now,
      interviews: [
        interview('next-week', '2026-11-30T15:00:00Z'),
        interview('in-a-month', '2026-12-30T15:00:00Z'),
        interview('met-no-thanks', '2026-11-20T15:00:00Z'),
        interview('met-thanked', '2026-11-19T15:00:00Z', { thankYouSentAt: '2026-11-19T18:00:00Z' }),
        interview('cancelled', '2026-11-25T15:00:00Z', { status: 'cancelled' }),
      ],
      contacts: [
        contact('bob@lee.io', { source: 'referral', fromInterviewId: 'met-no-thanks' }),
        contact('old@acme.com', { lastTouchUtc: '2026-10-01T15:00:00Z' }),
        contact('recent@acme.com', { lastTouchUtc: '2026-11-20T15:00:00Z' }),
      ],
      notesThisWeek: 2,
    });
    expect(content.upcoming.map((i) => i.interviewId)).toEqual(['next-week']);
    expect(content.thankYousOwed.map((i) => i.interviewId)).toEqual(['met-no-thanks']);
    expect(content.referralsToContact.map((c) => c.email)).toEqual(['bob@lee.io']);
    expect(content.followUpsDue.map((c) => c.email)).toEqual(['old@acme.com']);
    expect(content).toMatchObject({ heldThisWeek: 2, heldInTotal: 2, insightsThisWeek: 2 });
    expect(isEmptyWeek(content)).toBe(false);
  });

  it('is not sent for a week with nothing in it', () => {
    expect(isEmptyWeek(digestContent({ now, interviews: [interview('in-a-month', '2026-12-30T15:00:00Z')], contacts: [], notesThisWeek: 0 }))).toBe(true);
  });
});
