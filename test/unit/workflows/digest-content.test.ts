import type { DueEntry } from '../../../functions/domain/keep-in-touch';
import type { Interview, Totals } from '../../../functions/domain/model';
import { renderDigest } from '../../../functions/emails/digest';
import { digestContent, isEmptyWeek } from '../../../functions/workflows/send-digest';
import { aUser } from '../../support/store-contract';

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
const totals = (extra: Partial<Totals> = {}): Totals => ({
  interviewsLogged: 0,
  held: 0,
  contacts: 0,
  referrals: 0,
  followUpsDone: 0,
  notes: 0,
  ...extra,
});
const entry = (kind: DueEntry['kind'], ref: string, dueUtc = '2026-11-01T08:00:00Z'): DueEntry => ({ kind, ref, dueUtc, label: ref });

describe('the weekly digest', () => {
  it('numbers the open items across sections in the order shown, so a reply can name them', () => {
    const content = digestContent({
      now,
      interviews: [
        interview('next-week', '2026-11-30T15:00:00Z'),
        interview('held', '2026-11-20T15:00:00Z'),
        interview('cancelled', '2026-11-25T15:00:00Z', { status: 'cancelled' }),
      ],
      due: { entries: [entry('referral', 'bob@lee.io'), entry('thank-you', 'held'), entry('follow-up', 'old@acme.com')], more: false },
      totals: totals({ held: 3 }),
    });
    expect(content.upcoming.map((i) => i.interviewId)).toEqual(['next-week']);
    expect(content.thankYous.shown.map((e) => [e.n, e.ref])).toEqual([[1, 'held']]);
    expect(content.referrals.shown.map((e) => [e.n, e.ref])).toEqual([[2, 'bob@lee.io']]);
    expect(content.followUps.shown.map((e) => [e.n, e.ref])).toEqual([[3, 'old@acme.com']]);
    expect(content.heldThisWeek).toBe(1);
    expect(isEmptyWeek(content)).toBe(false);
  });

  it('shows the top five of a long section, then "and N more"', () => {
    const many = Array.from({ length: 40 }, (_, i) => entry('follow-up', `p${i}@acme.com`));
    const content = digestContent({ now, interviews: [], due: { entries: many, more: true }, totals: totals({ held: 400 }) });
    expect(content.followUps.shown).toHaveLength(5);
    const { text, html } = renderDigest({ user: aUser(), now, ...content });
    expect(text).toContain('and 35 or more more');
    expect(text).toContain('5. p4@acme.com');
    expect(text).not.toContain('p5@acme.com');
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
  });

  it('counts conversations from the totals, however long ago the last one was', () => {
    const content = digestContent({
      now,
      interviews: [],
      due: { entries: [entry('follow-up', 'old@acme.com')], more: false },
      totals: totals({ held: 12, lastHeldUtc: '2026-09-01T10:00:00Z' }),
    });
    const { text } = renderDigest({ user: aUser(), now, ...content });
    expect(text).not.toContain('No conversations held yet');
    expect(text).toContain('12 conversations in all so far. The last was');
  });

  it("says an open item's explanation in the first two digests after it fell due, then only its label", () => {
    const owed = (dueUtc: string): DueEntry => ({ ...entry('thank-you', dueUtc, dueUtc), detail: 'A late thank-you still beats none.' });
    const content = digestContent({
      now,
      interviews: [],
      // Due 6 and 13 days before this digest: explained; 14 days before: already said twice.
      due: { entries: [owed('2026-11-09T07:00:00Z'), owed('2026-11-10T07:00:00Z'), owed('2026-11-17T07:00:00Z')], more: false },
      totals: totals(),
    });
    const text = renderDigest({ user: aUser(), now, ...content, domain: 'rapport.test' }).text;
    expect(text.match(/A late thank-you still beats none\./g)).toHaveLength(2);
    expect(text).toContain('1. 2026-11-09T07:00:00Z\n- 2.');
  });

  it('is not sent for a week with nothing in it', () => {
    expect(
      isEmptyWeek(
        digestContent({
          now,
          interviews: [interview('in-a-month', '2026-12-30T15:00:00Z')],
          due: { entries: [], more: false },
          totals: totals(),
        }),
      ),
    ).toBe(true);
  });
});
