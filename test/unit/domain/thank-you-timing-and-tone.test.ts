import { planReminders, thankYouNudgeTime, thankYouTime } from '../../../functions/domain/time-rules';
import { timeLeft } from '../../../functions/emails/thank-you-nudge';
import { thankYouDraft } from '../../../functions/domain/thank-you-draft';
import { DateTime } from 'luxon';

const local = (date: Date | undefined, zone: string) => (date ? DateTime.fromJSDate(date, { zone }).toFormat('ccc HH:mm') : 'none');

describe('quiet hours (22:00–07:00 in the user’s zone) hold for every scheduled email', () => {
  it('sends a draft due at 03:30 local at 07:00 instead', () => {
    // A call ending 02:30 in Berlin (01:30 UTC): an hour later is 03:30 local.
    expect(local(thankYouTime(new Date('2027-03-03T01:30:00Z'), 'Europe/Berlin'), 'Europe/Berlin')).toBe('Wed 07:00');
  });

  it('moves a nudge due at 06:30 local to 07:00, still inside the day', () => {
    // Ends 10:30 Berlin; 20 hours later is 06:30 the next morning.
    expect(local(thankYouNudgeTime(new Date('2027-03-02T09:30:00Z'), 'Europe/Berlin'), 'Europe/Berlin')).toBe('Wed 07:00');
  });

  it('sends the nudge the evening before when the morning would be past the deadline', () => {
    // Ends 04:00 Berlin; 20 h later is 00:00, the morning after is past the 24-hour deadline: 21:00 instead.
    expect(local(thankYouNudgeTime(new Date('2027-03-02T03:00:00Z'), 'Europe/Berlin'), 'Europe/Berlin')).toBe('Tue 21:00');
  });

  it('plans every reminder of a late-evening call outside quiet hours, in New York across the DST change', () => {
    const plans = planReminders(
      { startUtc: '2027-03-14T01:00:00Z', endUtc: '2027-03-14T02:00:00Z', status: 'scheduled' },
      'America/New_York',
      new Date('2027-03-01T12:00:00Z'),
    );
    expect(plans.map((plan) => [plan.kind, local(plan.atUtc, 'America/New_York')])).toEqual([
      ['prep-brief', 'Fri 20:00'],
      ['thank-you', 'Sun 07:00'],
      ['thank-you-nudge', 'Sun 18:00'],
    ]);
  });
});

describe('the nudge states the time left, rounded', () => {
  it.each([
    [3.98, 'About 4 hours left'],
    [3.4, 'About 3 hours left'],
    [1.2, 'About an hour left'],
    [0.4, 'Less than an hour left'],
    [-1, undefined],
  ])('%s hours → %s', (hours, text) => {
    expect(timeLeft(hours)).toBe(text);
  });
});

describe('thank-you tone', () => {
  const interview = { contact: { name: 'Jane Doe', email: 'jane@acme.com' }, company: 'Acme', startUtc: '2027-03-02T14:00:00Z' };
  const notes = [
    {
      userId: 'u',
      interviewId: 'i',
      createdAt: '2027-03-02T15:00:00Z',
      text: 'She said the team hires in spring.\nShe offered to introduce me to Dana Kim.',
    },
  ];
  it.each([
    [
      'warm',
      'Hi Jane,',
      'I especially appreciated what you said about the team hiring in spring.',
      'Warm regards,\nAlex',
      'Thank you for our conversation about Acme',
      'and for offering to introduce me to Dana Kim.',
    ],
    [
      'brief',
      'Hi Jane,',
      'What you said about the team hiring in spring was really useful.',
      'Best,\nAlex',
      'Thanks — Acme',
      'and for offering to introduce me to Dana Kim.',
    ],
    [
      'formal',
      'Dear Jane Doe,',
      'I particularly valued what you said about the team hiring in spring.',
      'Kind regards,\nAlex',
      'Thank you — our conversation about Acme',
      'for kindly offering to introduce me to Dana Kim.',
    ],
  ] as const)('%s', (tone, greeting, learned, signature, subject, thanks) => {
    const draft = thankYouDraft({ user: { name: 'Alex', thankYouTone: tone }, interview, notes });
    expect(draft.paragraphs[0]).toBe(greeting);
    expect(draft.paragraphs[2]).toBe(learned);
    expect(draft.body.endsWith(signature)).toBe(true);
    expect(draft.subject).toBe(subject);
    expect(draft.paragraphs[1]).toContain(thanks);
  });
  it.each([
    ['She introduced me to Dana Kim.', 'and for introducing me to Dana Kim.'],
    ['Dana Kim runs hardware; she put me in touch with Dana Kim already.', 'and for introducing me to Dana Kim.'],
    ['She’ll also put me in touch with Dana Kim next week.', 'and for offering to introduce me to Dana Kim.'],
  ])('thanks for an introduction made, or only offered: %s', (text, thanks) => {
    const draft = thankYouDraft({
      user: { name: 'Alex' },
      interview,
      notes: [{ ...notes[0]!, text: `She said the team hires in spring.\n${text}` }],
    });
    expect(draft.paragraphs[1]).toContain(thanks);
    // The introduction is thanked for, never quoted back as something learned.
    expect(draft.paragraphs[2]).toBe('I especially appreciated what you said about the team hiring in spring.');
  });
});
