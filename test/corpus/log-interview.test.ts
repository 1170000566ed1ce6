import { interviewIdFor } from '../../functions/domain/ids';
import { reminderScheduleName } from '../../functions/domain/time-rules';
import { sendReminder } from '../../functions/workflows/send-reminder';
import { corpusFile, DOMAIN, startHarness, type Harness } from '../support/workflow-harness';

const USER = 'Rita Receiver <receiver@example.com>';

/** The Thunderbird corpus has the update (SEQUENCE 2) and the cancel (SEQUENCE 1) of one event; the original is the cancel read as a request. */
const original = () =>
  corpusFile('invites/thunderbird_cancel_single_event.eml')
    .toString('utf8')
    .replace('Subject: Cancellation: Single Event', 'Subject: Invitation: Single Event')
    .replace('method=CANCEL', 'method=REQUEST')
    .replace('METHOD:CANCEL', 'METHOD:REQUEST')
    .replace('SEQUENCE:1', 'SEQUENCE:0')
    .replace('STATUS:CANCELLED', 'STATUS:CONFIRMED');
const update = () => corpusFile('invites/thunderbird_update_major_sequence2.eml');
const cancel = () => corpusFile('invites/thunderbird_cancel_single_event.eml');

async function schedulesOf(harness: Harness, interviewId: string) {
  const due = await harness.scheduler.due(new Date('2100-01-01T00:00:00Z'));
  return Object.fromEntries(
    due
      .filter((d) => d.name.startsWith(interviewId))
      .map((d) => [d.name.slice(interviewId.length + 1), { at: d.dueUtc.toISOString(), event: d.event }]),
  );
}

describe('forwarding an invitation logs the interview', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ now: '2022-03-10T12:00:00Z' });
  });
  afterEach(async () => harness.close());

  it('stores who, when and where, schedules the reminders and confirms in the user’s zone', async () => {
    const outcome = await harness.deliver(original(), { from: USER });
    expect(outcome).toMatchObject({ handled: true, route: 'log', detail: { outcome: 'created' } });

    const userId = (await harness.store.findUserIdByEmail('receiver@example.com'))!;
    const user = (await harness.store.getUser(userId))!;
    // The forward's Date says -04:00 in March 2022 and the event is in UTC: the zone is inferred from the offset.
    expect(user).toMatchObject({ email: 'receiver@example.com', timeZone: 'America/New_York', timeZoneSource: 'inferred' });

    const interviewId = interviewIdFor(userId, '02e79b96');
    const interview = (await harness.store.getInterview(userId, interviewId))!;
    expect(interview).toMatchObject({
      title: 'Single Event',
      startUtc: '2022-03-16T11:00:00Z',
      status: 'scheduled',
      sequence: 0,
      version: 1,
      location: 'Somewhere',
      contact: { email: 'sender@example.com', name: 'Sender' },
    });
    expect(interview.company).toBeUndefined();

    const end = new Date(interview.endUtc).getTime();
    expect(await schedulesOf(harness, interviewId)).toEqual({
      // 07:00 EDT the day before.
      prep: { at: '2022-03-15T11:00:00.000Z', event: { kind: 'prep-brief', userId, interviewId, version: 1 } },
      thanks: { at: new Date(end + 3_600_000).toISOString(), event: { kind: 'thank-you', userId, interviewId, version: 1 } },
      // 20 hours after the end is 03:30 EDT, in quiet hours: the nudge waits for 07:00, still before the deadline.
      nudge: { at: '2022-03-17T11:00:00.000Z', event: { kind: 'thank-you-nudge', userId, interviewId, version: 1 } },
    });

    const [confirmation, ...more] = await harness.outbox();
    expect(more).toHaveLength(0);
    expect(confirmation!.to).toEqual(['receiver@example.com']);
    expect(confirmation!.subject).toBe('Logged: chat with Sender — Wed 16 Mar 07:00 EDT');
    expect(confirmation!.text).toContain('America/New_York');
    expect(confirmation!.text).toMatch(/timezone: /);
    expect(confirmation!.replyTo).toMatch(
      new RegExp(`^reply\\+c[0-9a-f]{4}-${userId}-${interviewId}-[0-9a-f]{16}@${DOMAIN.replace('.', '\\.')}$`),
    );
  });

  it('moves the reminders when the update arrives, and a reminder of the old version sends nothing', async () => {
    await harness.deliver(original(), { from: USER });
    const userId = (await harness.store.findUserIdByEmail('receiver@example.com'))!;
    const interviewId = interviewIdFor(userId, '02e79b96');
    const before = await schedulesOf(harness, interviewId);

    const outcome = await harness.deliver(update(), { from: USER });
    expect(outcome).toMatchObject({ detail: { outcome: 'updated', interviewId } });
    const interview = (await harness.store.getInterview(userId, interviewId))!;
    expect(interview).toMatchObject({ startUtc: '2022-03-16T05:00:00Z', sequence: 2, version: 2 });

    const after = await schedulesOf(harness, interviewId);
    const end = new Date(interview.endUtc).getTime();
    // 01:00 EDT the day before is in quiet hours: the brief waits for 07:00.
    expect(after.prep).toEqual({ at: '2022-03-15T11:00:00.000Z', event: { kind: 'prep-brief', userId, interviewId, version: 2 } });
    // An hour after the end is 02:30 EDT, in quiet hours: the draft waits for 07:00.
    expect(new Date(end + 3_600_000).toISOString()).toBe('2022-03-16T06:30:00.000Z');
    expect(after.thanks!.at).toBe('2022-03-16T11:00:00.000Z');
    expect(after.thanks!.at).not.toBe(before.thanks!.at);
    expect(after.nudge!.event).toMatchObject({ version: 2 });

    const subjects = (await harness.outbox()).map((m) => m.subject);
    expect(subjects).toEqual(['Logged: chat with Sender — Wed 16 Mar 07:00 EDT', 'Updated: chat with Sender — now Wed 16 Mar 01:00 EDT']);

    // A schedule that fired for version 1 (delivered late, at least once) is stale.
    harness.clock.set('2022-03-15T11:00:00Z');
    expect(await sendReminder(harness.deps, { kind: 'prep-brief', userId, interviewId, version: 1 })).toBe('stale');
    expect(await sendReminder(harness.deps, { kind: 'prep-brief', userId, interviewId, version: 2 })).toBe('sent');
    expect(await sendReminder(harness.deps, { kind: 'prep-brief', userId, interviewId, version: 2 })).toBe('already-sent');
    expect((await harness.outbox()).filter((m) => m.subject.startsWith('Prep brief:'))).toHaveLength(1);
  });

  it('removes the reminders when the cancellation arrives', async () => {
    await harness.deliver(original(), { from: USER });
    const userId = (await harness.store.findUserIdByEmail('receiver@example.com'))!;
    const interviewId = interviewIdFor(userId, '02e79b96');
    expect(Object.keys(await schedulesOf(harness, interviewId))).toEqual(['prep', 'thanks', 'nudge']);

    expect(await harness.deliver(cancel(), { from: USER })).toMatchObject({ detail: { outcome: 'cancelled', interviewId } });
    expect(await schedulesOf(harness, interviewId)).toEqual({});
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ status: 'cancelled', version: 2 });
    const last = (await harness.outbox()).at(-1)!;
    expect(last.subject).toBe('Cancelled: chat with Sender — reminders stopped');

    // The old reminders, had they fired anyway, send nothing.
    harness.clock.set('2022-03-16T12:30:00Z');
    expect(await sendReminder(harness.deps, { kind: 'thank-you', userId, interviewId, version: 1 })).toBe('stale');
  });

  it('logs the same invitation forwarded twice once, with one confirmation', async () => {
    await harness.deliver(update(), { from: USER });
    const again = await harness.deliver(update(), { from: USER });
    expect(again).toMatchObject({ detail: { outcome: 'unchanged' } });
    expect(await harness.outbox()).toHaveLength(1);
  });

  it('drops a second delivery of the very same message', async () => {
    const raw = corpusFile('invites/google_meet_invite_tallinn.eml');
    await harness.deliver(raw, { from: USER });
    expect(await harness.deliver(raw, { from: USER })).toEqual({ handled: false, why: 'duplicate delivery' });
    expect(await harness.outbox()).toHaveLength(1);
  });

  it('changes nothing for an older SEQUENCE, and says so', async () => {
    await harness.deliver(update(), { from: USER });
    expect(await harness.deliver(original(), { from: USER })).toMatchObject({ detail: { outcome: 'stale' } });
    const userId = (await harness.store.findUserIdByEmail('receiver@example.com'))!;
    expect(await harness.store.getInterview(userId, interviewIdFor(userId, '02e79b96'))).toMatchObject({
      startUtc: '2022-03-16T05:00:00Z',
      sequence: 2,
    });
    const [, answer, ...more] = await harness.outbox();
    expect(more).toHaveLength(0);
    expect(answer!.text).toContain('older version of the invitation');
    expect(answer!.text).toContain('Wed 16 Mar 2022, 01:00 EDT (America/New_York)');
  });

  it('reads a Google Meet invitation: contact, company from the domain, and the join link', async () => {
    harness.clock.set('2024-04-01T08:00:00Z');
    await harness.deliver(corpusFile('invites/google_meet_invite_tallinn.eml'), { from: 'Sam Seeker <sam@seeker.dev>' });
    const userId = (await harness.store.findUserIdByEmail('sam@seeker.dev'))!;
    const interview = (await harness.store.getInterview(userId, interviewIdFor(userId, '1utaf3eftt1agbnisfcc3a5ps0@google.com')))!;
    expect(interview).toMatchObject({
      title: 'Test event ⏰',
      startUtc: '2024-04-11T08:00:00Z',
      endUtc: '2024-04-11T09:00:00Z',
      eventTimeZone: 'Europe/Tallinn',
      contact: { email: 'andris@postalsys.com', name: 'Andris Reinman' },
      company: 'Postalsys',
    });
    expect(interview.videoUrl).toContain('https://meet.google.com/yew-afgi-ynf');
    const [confirmation] = await harness.outbox();
    expect(confirmation!.subject).toContain('Andris Reinman (Postalsys)');
    expect(confirmation!.text).toContain('https://meet.google.com/yew-afgi-ynf');
    // The forward's Date is +00:00 while Tallinn is +03:00: the user's zone follows the forward.
    expect(confirmation!.text).toContain('(UTC)');
  });

  it('answers a forward without an invitation with what to forward, and stores no interview', async () => {
    const plain =
      'From: Sam <sam@seeker.dev>\r\nTo: log@rapport.test\r\nSubject: Fwd: lunch?\r\nMessage-ID: <plain-1@seeker.dev>\r\nDate: Mon, 1 Apr 2024 10:00:00 +0200\r\n\r\nHey, are you free for lunch sometime?\r\n';
    expect(await harness.deliver(plain)).toMatchObject({ detail: { outcome: 'no-invitation' } });
    const [reply] = await harness.outbox();
    expect(reply!.subject).toBe('No invitation found in “Fwd: lunch?”');
    expect(reply!.inReplyTo).toBe('<plain-1@seeker.dev>');
    expect(reply!.text.toLowerCase()).toContain('forward');
  });

  it('reads a forward without a calendar by its "When:" line, and asks for the time when there is none', async () => {
    harness.clock.set('2024-04-01T08:00:00Z');
    const forward = (when: string) =>
      `From: Sam <sam@seeker.dev>\r\nTo: log@rapport.test\r\nSubject: Fwd: Coffee chat with Jane\r\nDate: Mon, 1 Apr 2024 10:00:00 +0200\r\nMessage-ID: <fwd-${when.length}@seeker.dev>\r\n\r\n${when}\r\n\r\n---------- Forwarded message ---------\r\nFrom: Jane Doe <jane@acme.com>\r\nDate: Mon, 1 Apr 2024 at 09:00\r\nSubject: Coffee chat with Jane\r\nTo: Sam <sam@seeker.dev>\r\n\r\nHappy to chat! Let us find a time.\r\n`;

    expect(await harness.deliver(forward('When: to be decided'))).toMatchObject({ detail: { outcome: 'needs-time' } });
    const [ask] = await harness.outbox();
    expect(ask!.subject).toBe('When is your “Coffee chat with Jane”?');
    expect(ask!.text).toContain('Reply to this email with the date and time');

    expect(await harness.deliver(forward('When: Thu 11 Apr 2024 15:00-15:30'))).toMatchObject({ detail: { outcome: 'created' } });
    const userId = (await harness.store.findUserIdByEmail('sam@seeker.dev'))!;
    const [interview] = await harness.store.listInterviews(userId, { fromUtc: '2024-01-01T00:00:00Z', toUtc: '2025-01-01T00:00:00Z' });
    // Read in the sender's zone (+02:00 in April: Europe/Berlin).
    expect(interview).toMatchObject({
      title: 'Coffee chat with Jane',
      startUtc: '2024-04-11T13:00:00Z',
      endUtc: '2024-04-11T13:30:00Z',
      contact: { email: 'jane@acme.com', name: 'Jane Doe' },
      company: 'Acme',
    });
  });

  it('tells a sender who is not allowed, once, and stores nothing', async () => {
    await harness.close();
    harness = await startHarness({ now: '2022-03-10T12:00:00Z', allowedSenders: ['allowed.org'] });
    expect(await harness.deliver(update(), { from: 'Eve <eve@elsewhere.net>' })).toEqual({ handled: true, route: 'not-enabled' });
    expect(await harness.store.findUserIdByEmail('eve@elsewhere.net')).toBeUndefined();
    const replies = await harness.outbox();
    expect(replies.map((r) => [r.to, r.subject])).toEqual([[['eve@elsewhere.net'], "Rapport isn't enabled for this address"]]);
  });

  it('never answers a spoofed sender, an auto-reply or itself', async () => {
    expect(await harness.deliver(update(), { from: USER, authenticated: false })).toEqual({
      handled: false,
      why: 'sender did not authenticate',
    });
    const autoReply = update().toString('utf8').replace('MIME-Version: 1.0', 'Auto-Submitted: auto-replied\r\nMIME-Version: 1.0');
    expect(await harness.deliver(autoReply, { from: USER })).toMatchObject({ handled: false });
    expect(await harness.deliver(update(), { from: `Rapport <log@${DOMAIN}>` })).toMatchObject({
      handled: false,
      why: 'sent by Rapport itself',
    });
    expect(await harness.outbox()).toHaveLength(0);
    expect(await harness.store.findUserIdByEmail('receiver@example.com')).toBeUndefined();
  });

  it('sends the brief within a minute when the interview is logged less than a day ahead', async () => {
    harness.clock.set('2022-03-16T02:00:00Z');
    await harness.deliver(update(), { from: USER });
    const userId = (await harness.store.findUserIdByEmail('receiver@example.com'))!;
    const interviewId = interviewIdFor(userId, '02e79b96');
    const schedules = await schedulesOf(harness, interviewId);
    // Persisted before it is dispatched: a schedule a minute out, like every other reminder.
    expect(schedules.prep).toEqual({ at: '2022-03-16T02:01:00.000Z', event: { kind: 'prep-brief', userId, interviewId, version: 1 } });
    expect(reminderScheduleName(interviewId, 'prep-brief')).toBe(`${interviewId}-prep`);
    const [confirmation] = await harness.outbox();
    expect(confirmation!.text).toMatch(/prep brief/i);

    harness.clock.set('2022-03-16T02:01:00Z');
    expect(await sendReminder(harness.deps, schedules.prep!.event as never)).toBe('sent');
    expect((await harness.outbox()).map((m) => m.subject)).toEqual([
      'Logged: chat with Sender — Wed 16 Mar 01:00 EDT',
      'Prep brief: chat with Sender — Wed 16 Mar 01:00 EDT',
    ]);
  });

  it('reads a forwarded text invitation without a Date header against the time it arrived (the runtime clock)', async () => {
    const forward = [
      'From: Rita Receiver <receiver@example.com>',
      'To: log@rapport.test',
      'Subject: Fwd: Coffee chat with Jane Doe',
      'Message-ID: <no-date-1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '---------- Forwarded message ---------',
      'From: Jane Doe <jane@acme.example>',
      'Subject: Coffee chat with Jane Doe',
      '',
      'When: Thu 15:00 (Europe/Berlin)',
      'Where: Café Einstein',
      '',
    ].join('\r\n');
    // Monday 10 March 2025: "Thu" is the 13th, whatever day the test runs on.
    harness.clock.set('2025-03-10T09:00:00Z');
    await harness.deliver(forward, { from: USER });
    const [confirmation] = await harness.outbox();
    expect(confirmation!.subject).toBe('Logged: coffee chat with Jane Doe (Acme) — Thu 13 Mar 15:00 CET');
  });
});
