import { DOMAIN, interviewsIn2027, startHarness, type Harness } from '../support/workflow-harness';

const USER = 'Sam Rivera <sam@seeker.dev>';

/** A forward with no invitation in it, from a user in Berlin (+01:00 in March). */
const lunchForward = [
  `From: ${USER}`,
  `To: log@${DOMAIN}`,
  'Subject: Fwd: lunch?',
  'Message-ID: <lunch-1@seeker.dev>',
  'Date: Mon, 1 Mar 2027 10:00:00 +0100',
  '',
  'Hey, are you free for a chat sometime next week?',
  '',
].join('\r\n');

/** A forward that looks like an invitation but has no time: "When: to be decided". */
const undecided = [
  `From: ${USER}`,
  `To: log@${DOMAIN}`,
  'Subject: Fwd: Coffee chat with Jane',
  'Message-ID: <coffee-1@seeker.dev>',
  'Date: Mon, 1 Mar 2027 10:00:00 +0100',
  '',
  'When: to be decided',
  '',
  '---------- Forwarded message ---------',
  'From: Jane Doe <jane@acme.com>',
  'Subject: Coffee chat with Jane',
  '',
  'Happy to chat!',
  '',
].join('\r\n');

let answers = 0;
function answer(
  text: string,
  quote = 'Am Mo., 1. März 2027 um 10:00 Uhr schrieb Rapport <log@rapport.test>:\r\n> When is your coffee chat?',
): string {
  answers += 1;
  return [
    `From: ${USER}`,
    'Subject: Re: When is it?',
    `Message-ID: <answer-${answers}@seeker.dev>`,
    'In-Reply-To: <q@rapport.test>',
    '',
    text,
    '',
    quote,
    '',
  ].join('\r\n');
}

describe('answering the questions Rapport asks', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ now: '2027-03-01T09:00:00Z' });
  });
  afterEach(async () => harness.close());

  const interviews = () => interviewsIn2027(harness, 'sam@seeker.dev');

  it('logs the interview from a reply to "No invitation found" with time, length, person and company', async () => {
    expect(await harness.deliver(lunchForward)).toMatchObject({ detail: { outcome: 'no-invitation' } });
    const [question] = await harness.outbox();
    expect(question!.subject).toBe('No invitation found in “Fwd: lunch?”');

    const outcome = await harness.deliver(
      answer('Thu 4 Mar 15:00, 30 minutes, with Jane Doe <jane@example.com> from Acme\n\nVon meinem iPhone gesendet'),
      { to: question!.replyTo! },
    );
    expect(outcome).toMatchObject({ route: 'reply', detail: { outcome: 'created' } });
    const [interview] = await interviews();
    // 15:00 in Berlin (the user's zone, from the +0100 of the first forward) is 14:00Z.
    expect(interview).toMatchObject({
      startUtc: '2027-03-04T14:00:00Z',
      endUtc: '2027-03-04T14:30:00Z',
      contact: { email: 'jane@example.com', name: 'Jane Doe' },
      company: 'Acme',
      title: 'lunch?',
    });
    const confirmation = (await harness.outbox()).at(-1)!;
    expect(confirmation.subject).toContain('Thu 4 Mar 15:00');
    expect(confirmation.text).toContain('Jane Doe');
  });

  it('keeps what the invitation said when the answer to "When is it?" is just "Thursday 3pm"', async () => {
    expect(await harness.deliver(undecided)).toMatchObject({ detail: { outcome: 'needs-time' } });
    const [question] = await harness.outbox();
    expect(await harness.deliver(answer('Thursday 3pm'), { to: question!.replyTo! })).toMatchObject({ detail: { outcome: 'created' } });
    const [interview] = await interviews();
    expect(interview).toMatchObject({ title: 'Coffee chat with Jane', startUtc: '2027-03-04T14:00:00Z', endUtc: '2027-03-04T14:30:00Z' });
  });

  it('asks again, on the same thread, when the answer is in the past or could be two dates', async () => {
    await harness.deliver(undecided);
    const [question] = await harness.outbox();
    expect(await harness.deliver(answer('Mon 1 Feb 2027 15:00'), { to: question!.replyTo! })).toMatchObject({
      detail: { outcome: 'asked-again', problem: 'past' },
    });
    expect(await harness.deliver(answer('3/4 15:00'), { to: question!.replyTo! })).toMatchObject({
      detail: { outcome: 'asked-again', problem: 'ambiguous' },
    });
    const [, past, ambiguous] = await harness.outbox();
    expect(past!.text).toContain('is in the past');
    expect(ambiguous!.text).toContain('"3/4" could be 3 April or 4 March');
    expect(ambiguous!.replyTo).toBe(question!.replyTo);
    expect(await interviews()).toEqual([]);

    expect(await harness.deliver(answer('4 March 15:00'), { to: question!.replyTo! })).toMatchObject({ detail: { outcome: 'created' } });
  });

  it('a second answer corrects the same interview instead of logging another', async () => {
    await harness.deliver(undecided);
    const [question] = await harness.outbox();
    await harness.deliver(answer('Thursday 3pm'), { to: question!.replyTo! });
    expect(await harness.deliver(answer('Friday 10am, 45 minutes'), { to: question!.replyTo! })).toMatchObject({
      detail: { outcome: 'updated' },
    });
    const all = await interviews();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ startUtc: '2027-03-05T09:00:00Z' });
  });
});
