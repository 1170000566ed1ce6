import {
  DEFAULT_DIGEST,
  digestOutsideQuietHours,
  digestScheduleText,
  digestSlotDate,
  planReminders,
  prepBriefTime,
  REMINDER_KINDS,
  reminderScheduleName,
} from '../../../functions/domain/time-rules';

const at = (iso: string) => new Date(iso);
const scheduled = (startUtc: string, endUtc: string) => ({ startUtc, endUtc, status: 'scheduled' as const });

describe('reminder times', () => {
  it('sends the prep brief the day before at the same local time', () => {
    // Tue 3 Dec 2024 15:00 in Berlin (CET, +01:00) → Mon 2 Dec 15:00 CET.
    expect(prepBriefTime(at('2024-12-03T14:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2024-12-02T14:00:00.000Z');
  });

  it('keeps the local time across the autumn daylight-saving change (25 real hours before)', () => {
    // Interview Mon 3 Nov 2025 10:00 EST (-05:00); the clocks went back on Sun 2 Nov.
    // The day before at 10:00 is EDT (-04:00): 14:00Z, 25 hours earlier.
    expect(prepBriefTime(at('2025-11-03T15:00:00Z'), 'America/New_York').toISOString()).toBe('2025-11-02T15:00:00.000Z');
  });

  it('keeps the local time across the spring daylight-saving change (23 real hours before)', () => {
    // Interview Sun 30 Mar 2025 12:00 CEST (+02:00), the day the clocks went forward;
    // Sat 29 Mar 12:00 was still CET (+01:00).
    expect(prepBriefTime(at('2025-03-30T10:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2025-03-29T11:00:00.000Z');
  });

  it('waits for 07:00 when the day before falls in quiet hours', () => {
    // Interview Wed 23:00 Berlin → Tue 23:00 is quiet → Wed 07:00 local.
    expect(prepBriefTime(at('2024-12-04T22:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2024-12-04T06:00:00.000Z');
    // Interview Wed 06:00 → Tue 06:00 is quiet → Tue 07:00 local.
    expect(prepBriefTime(at('2024-12-04T05:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2024-12-03T06:00:00.000Z');
  });

  it('plans the brief, the thank-you an hour after the end and the nudge at 20 hours', () => {
    const plans = planReminders(scheduled('2024-12-03T14:00:00Z', '2024-12-03T14:30:00Z'), 'Europe/Berlin', at('2024-11-20T10:00:00Z'));
    expect(plans.map((p) => [p.kind, p.atUtc.toISOString()])).toEqual([
      ['prep-brief', '2024-12-02T14:00:00.000Z'],
      ['thank-you', '2024-12-03T15:30:00.000Z'],
      ['thank-you-nudge', '2024-12-04T10:30:00.000Z'],
    ]);
  });

  it('sends the brief at once when the interview is logged less than a day ahead', () => {
    const now = at('2024-12-03T09:00:00Z');
    const [brief] = planReminders(scheduled('2024-12-03T14:00:00Z', '2024-12-03T14:30:00Z'), 'Europe/Berlin', now);
    expect(brief).toEqual({ kind: 'prep-brief', atUtc: now });
  });

  it('sends no brief for an interview that already started, but still the thank-you at once', () => {
    const now = at('2024-12-03T16:00:00Z');
    const plans = planReminders(scheduled('2024-12-03T14:00:00Z', '2024-12-03T14:30:00Z'), 'Europe/Berlin', now);
    expect(plans.map((p) => p.kind)).toEqual(['thank-you', 'thank-you-nudge']);
    expect(plans[0]!.atUtc).toEqual(now);
  });

  it('plans nothing for a cancelled interview or a no-show, and no thank-you once it was sent', () => {
    const base = scheduled('2024-12-03T14:00:00Z', '2024-12-03T14:30:00Z');
    const now = at('2024-11-20T10:00:00Z');
    expect(planReminders({ ...base, status: 'cancelled' }, 'UTC', now)).toEqual([]);
    expect(planReminders({ ...base, status: 'no-show' }, 'UTC', now)).toEqual([]);
    expect(planReminders({ ...base, thankYouSentAt: '2024-12-03T15:00:00Z' }, 'UTC', now).map((p) => p.kind)).toEqual(['prep-brief']);
  });

  it('names schedules deterministically within Scheduler limits', () => {
    const name = reminderScheduleName('0123456789abcdef0123', 'thank-you-nudge');
    expect(name).toBe('0123456789abcdef0123-nudge');
    expect(name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
  });

  it('gives each reminder of an interview a schedule of its own', () => {
    const names = REMINDER_KINDS.map((kind) => reminderScheduleName('0123456789abcdef0123', kind));
    expect(names).toEqual(['0123456789abcdef0123-prep', '0123456789abcdef0123-thanks', '0123456789abcdef0123-nudge']);
  });
});

describe('the digest as emails show it', () => {
  it('names the day and local time the user chose', () => {
    expect(digestScheduleText({ enabled: true, weekday: 2, time: '09:00' })).toBe('every Tuesday at 09:00');
    expect(digestScheduleText({ enabled: true, weekday: 7, time: '17:30' })).toBe('every Sunday at 17:30');
    expect(digestScheduleText(DEFAULT_DIGEST)).toBe('every Monday at 08:00');
  });

  it('says nothing when the digest is off', () => {
    expect(digestScheduleText({ enabled: false, weekday: 1, time: '08:00' })).toBeUndefined();
  });
});

describe('the digest stays out of quiet hours and skips no week', () => {
  it('moves a time from 22:00 to 07:00 the next morning, and one before 07:00 to 07:00 that morning', () => {
    expect(digestOutsideQuietHours(7, '23:30')).toEqual({ weekday: 1, time: '07:00', moved: true });
    expect(digestOutsideQuietHours(3, '22:00')).toEqual({ weekday: 4, time: '07:00', moved: true });
    expect(digestOutsideQuietHours(3, '06:59')).toEqual({ weekday: 3, time: '07:00', moved: true });
    expect(digestOutsideQuietHours(3, '21:59')).toEqual({ weekday: 3, time: '21:59', moved: false });
    expect(digestOutsideQuietHours(1, '07:00')).toEqual({ weekday: 1, time: '07:00', moved: false });
  });

  it('names the slot a digest belongs to by its local date, so a retry shares it and a moved digest gets a new one', () => {
    const monday = { weekday: 1, time: '08:00' };
    // Mon 7 Dec 2026 08:00 in Berlin is 07:00 UTC; a retry at noon is the same slot.
    expect(digestSlotDate(new Date('2026-12-07T07:00:00Z'), monday, 'Europe/Berlin')).toBe('2026-12-07');
    expect(digestSlotDate(new Date('2026-12-07T11:00:00Z'), monday, 'Europe/Berlin')).toBe('2026-12-07');
    // Before 08:00 on Monday it is still last week's slot.
    expect(digestSlotDate(new Date('2026-12-07T06:59:00Z'), monday, 'Europe/Berlin')).toBe('2026-11-30');
    // Moved to Sunday in the same ISO week: its own slot, not the Monday's.
    expect(digestSlotDate(new Date('2026-12-13T09:00:00Z'), { weekday: 7, time: '09:00' }, 'Europe/Berlin')).toBe('2026-12-13');
  });
});
