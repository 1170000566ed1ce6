import type { Store } from '../../functions/ports';
import { DOMAIN, startHarness, type Harness } from '../support/workflow-harness';
import { HANG_GUARD_MS } from '../support/hang-guard';

/**
 * Races that at-least-once delivery brings, on the real local adapters: many first emails at
 * once, and a reply that meets a concurrent change of its interview.
 */
const USER = 'Alex Morgan <alex@example.com>';

/** A 30-minute chat starting at `start` (iCalendar UTC form, on the hour). */
function invitation(n: number, options: { sequence?: number; start?: string } = {}): string {
  const start = options.start ?? '20270302T140000Z';
  return [
    `From: ${USER}`,
    `To: log@${DOMAIN}`,
    `Subject: Invitation: Chat ${n}`,
    `Message-ID: <first-${n}-${options.sequence ?? 0}@example.com>`,
    'Date: Thu, 25 Feb 2027 10:30:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
    '',
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Rapport tests//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:chat-${n}@example.com`,
    `SEQUENCE:${options.sequence ?? 0}`,
    'DTSTAMP:20270225T093000Z',
    `DTSTART:${start}`,
    `DTEND:${start.replace(/0000Z$/, '3000Z')}`,
    `SUMMARY:Chat ${n}`,
    'ORGANIZER;CN=Priya Natarajan:mailto:priya@northwind.example',
    'ATTENDEE;CN=Alex Morgan:mailto:alex@example.com',
    'ATTENDEE;CN=Priya Natarajan:mailto:priya@northwind.example',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('races of at-least-once delivery', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ now: '2027-02-25T09:30:00Z' });
  });
  afterEach(async () => harness.close());

  it(
    'makes one user and one digest schedule of fifty first emails arriving at once',
    async () => {
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, n) => harness.deliver(invitation(n), { from: USER })));
      expect(outcomes.every((o) => o.handled && o.route === 'log' && (o.detail as { outcome: string }).outcome === 'created')).toBe(true);

      const userId = (await harness.store.findUserIdByEmail('alex@example.com'))!;
      expect(await harness.store.listInterviews(userId, { fromUtc: '2027-01-01T00:00:00Z', toUtc: '2028-01-01T00:00:00Z' })).toHaveLength(
        50,
      );
      expect(harness.logs.filter((l) => l.message === 'user created')).toHaveLength(1);
      const schedules = await harness.scheduler.due(new Date('2100-01-01T00:00:00Z'));
      expect(schedules.filter((s) => s.event.kind === 'weekly-digest').map((s) => s.event)).toEqual([{ kind: 'weekly-digest', userId }]);
      const confirmations = (await harness.outbox()).filter((m) => m.subject.startsWith('Logged:'));
      expect(confirmations).toHaveLength(50);
      expect(new Set(confirmations.map((m) => m.to.join()))).toEqual(new Set(['alex@example.com']));
      // Fifty full deliveries on a 2-core machine shared by a whole team: 28–42 s seen under load.
    },
    HANG_GUARD_MS,
  );

  it('applies a reply again when the interview changed under it, keeping one note and one acknowledgement', async () => {
    await harness.deliver(invitation(1), { from: USER });
    const confirmation = (await harness.outbox())[0]!;

    // The forwarded update lands between the reply's read and its write.
    const store = harness.deps.store;
    let raced = false;
    const racingStore = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'putInterview' || raced) return Reflect.get(target, property, receiver) as unknown;
        return async (...args: Parameters<Store['putInterview']>) => {
          raced = true;
          await harness.deliver(invitation(1, { sequence: 1, start: '20270303T090000Z' }), { from: USER });
          return target.putInterview(...args);
        };
      },
    });
    harness.deps.store = racingStore;
    const reply = [
      `From: ${USER}`,
      `To: ${confirmation.replyTo}`,
      `Subject: Re: ${confirmation.subject}`,
      'Message-ID: <reply-race@example.com>',
      `In-Reply-To: ${confirmation.messageId}`,
      'Date: Thu, 25 Feb 2027 11:00:00 +0100',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'company: Northwind Robotics',
      'She runs the perception team.',
      '',
    ].join('\r\n');
    const outcome = await harness.deliver(reply, { from: USER, to: confirmation.replyTo! });
    harness.deps.store = store;

    expect(raced).toBe(true);
    expect(outcome).toMatchObject({ route: 'reply', detail: { outcome: 'applied' } });
    expect(harness.logs.some((l) => l.message === 'reply raced another change; applying it again')).toBe(true);
    const userId = (await store.findUserIdByEmail('alex@example.com'))!;
    const [interview] = await store.listInterviews(userId, { fromUtc: '2027-01-01T00:00:00Z', toUtc: '2028-01-01T00:00:00Z' });
    // Both changes hold: the update's new time and the reply's company.
    expect(interview).toMatchObject({ startUtc: '2027-03-03T09:00:00Z', sequence: 1, company: 'Northwind Robotics' });
    expect((await store.listNotes(userId, interview!.interviewId)).map((n) => n.text)).toEqual(['She runs the perception team.']);
    const subjects = (await harness.outbox()).map((m) => m.subject);
    expect(subjects.filter((s) => s.startsWith('Got it:'))).toHaveLength(1);
    expect(subjects.filter((s) => s.startsWith('Updated:'))).toHaveLength(1);
  });
});
