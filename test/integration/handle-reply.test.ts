import type { OutboxMessage } from '../../functions/adapters/local/outbox-mailer';
import { interviewIdFor } from '../../functions/domain/ids';
import { fixedTokenKeys } from '../../functions/domain/reply-token';
import { sendReminder } from '../../functions/workflows/send-reminder';
import { DOMAIN, startHarness, type Harness } from '../support/workflow-harness';

const USER = 'Alex Morgan <alex@example.org>';

/** An invitation written for these tests: a 30-minute chat on Tue 3 Nov 2026, 15:00 New York time (after the clocks went back). */
function invitation(overrides: { sequence?: number; start?: string; end?: string } = {}): string {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Rapport tests//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'UID:chat-with-jane@acme-robotics.com',
    `SEQUENCE:${overrides.sequence ?? 0}`,
    'DTSTAMP:20261020T120000Z',
    `DTSTART;TZID=America/New_York:${overrides.start ?? '20261103T150000'}`,
    `DTEND;TZID=America/New_York:${overrides.end ?? '20261103T153000'}`,
    'SUMMARY:Coffee chat <script>alert(1)</script>',
    'ORGANIZER;CN=Jane Doe:mailto:jane@acme-robotics.com',
    'ATTENDEE;CN=Alex Morgan:mailto:alex@example.org',
    'ATTENDEE;CN=Jane Doe:mailto:jane@acme-robotics.com',
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  return [
    `From: ${USER}`,
    `To: log@${DOMAIN}`,
    'Subject: Fwd: Invitation: Coffee chat',
    'Date: Tue, 20 Oct 2026 08:00:00 -0400',
    `Message-ID: <fwd-${overrides.sequence ?? 0}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
    '',
    ics,
    '',
  ].join('\r\n');
}

let replies = 0;
function reply(
  text: string,
  quoted = 'On Tue, Rapport wrote:\r\n> Prep brief: coffee chat with Jane Doe\r\n> Reply to this email with notes.',
): string {
  replies += 1;
  return [
    `From: ${USER}`,
    'Subject: Re: Rapport',
    `Message-ID: <reply-${replies}@example.org>`,
    'Date: Tue, 3 Nov 2026 16:00:00 -0500',
    '',
    text,
    '',
    quoted,
    '',
  ].join('\r\n');
}

describe('replying to Rapport', () => {
  let harness: Harness;
  let userId: string;
  let interviewId: string;
  let replyTo: string;

  beforeEach(async () => {
    harness = await startHarness({ now: '2026-10-20T12:00:00Z' });
    await harness.deliver(invitation());
    userId = (await harness.store.findUserIdByEmail('alex@example.org'))!;
    interviewId = interviewIdFor(userId, 'chat-with-jane@acme-robotics.com');
    replyTo = (await harness.outbox())[0]!.replyTo!;
  });
  afterEach(async () => harness.close());

  const schedules = async () =>
    Object.fromEntries(
      (await harness.scheduler.due(new Date('2100-01-01T00:00:00Z')))
        .filter((d) => d.name.startsWith(interviewId))
        .map((d) => [d.name.split('-').pop(), d.dueUtc.toISOString()]),
    );

  it('schedules the brief at the same local time the day before, across the end of daylight saving', async () => {
    // 15:00 EST on Tue 3 Nov is 20:00Z; 15:00 EDT on Mon 2 Nov... the clocks went back on Sun 1 Nov,
    // so Mon 2 Nov 15:00 is EST too: 20:00Z. Logged in October (EDT), shown in the user's zone.
    expect(await schedules()).toMatchObject({
      prep: '2026-11-02T20:00:00.000Z',
      thanks: '2026-11-03T21:30:00.000Z',
      nudge: '2026-11-04T16:30:00.000Z',
    });
    const [confirmation] = await harness.outbox();
    expect(confirmation!.subject).toBe('Logged: coffee chat with Jane Doe (Acme Robotics) — Tue 3 Nov 15:00 EST');
    // The hostile title is text, never markup.
    expect(confirmation!.html).not.toContain('<script>alert(1)</script>');
    expect(confirmation!.html).toContain('&lt;script&gt;');
  });

  it('keeps notes and puts what was learned in the thank-you draft', async () => {
    harness.clock.set('2026-11-03T20:45:00Z');
    await harness.deliver(
      reply('She said the best PMs spend half their week with customers.\r\nShe suggested I talk to Bob Lee <bob@lee.io> about hardware.'),
      { to: replyTo },
    );
    // The acknowledgement, then the referral's introduction-request draft.
    const [ack, intro] = (await harness.outbox()).slice(-2) as [OutboxMessage, OutboxMessage];
    expect(intro.subject).toBe('Suggested next conversation: Bob Lee (referred by Jane Doe)');
    expect(ack.text).toContain('Saved your note');
    expect(ack.text).toContain('Bob Lee <bob@lee.io>');
    expect(await harness.store.listNotes(userId, interviewId)).toEqual([
      expect.objectContaining({
        text: 'She said the best PMs spend half their week with customers.\nShe suggested I talk to Bob Lee <bob@lee.io> about hardware.',
      }),
    ]);

    harness.clock.set('2026-11-03T21:30:00Z');
    expect(await sendReminder(harness.deps, { kind: 'thank-you', userId, interviewId, version: 1 })).toBe('sent');
    const draft = (await harness.outbox()).at(-1)!;
    expect(draft.subject).toBe('Thank-you draft for Jane Doe — send by Wed 4 Nov 15:30 EST');
    expect(draft.text).toContain('customers');
    expect(draft.text).toContain('mailto:jane@acme-robotics.com');
  });

  it('saves an offered introduction as a referral, and asks for the address of one named without it', async () => {
    harness.clock.set('2026-11-03T20:45:00Z');
    await harness.deliver(
      reply(
        'She offered to introduce me to Bob Lee <bob@lee.io>.\r\nShe’ll also put me in touch with Carol Díaz from the robotics team.\r\nHe said I should meet people on the platform team.',
      ),
      { to: replyTo },
    );
    const [ack, ask] = (await harness.outbox()).slice(-2) as [OutboxMessage, OutboxMessage];
    expect(ack.text).toContain('as “referral: Bob Lee <bob@lee.io>”');
    expect(ack.text).toContain('Jane Doe offered to introduce you. A draft asking Jane Doe for the introduction follows');
    // Only offered: the draft goes to Jane, asking for the introduction — not cold to Bob.
    expect(ask.subject).toBe('Ask Jane Doe for the introduction to Bob Lee');
    expect(ask.text).toContain('To: jane@acme-robotics.com');
    expect(ask.text).toContain('Thank you again for offering to introduce me to Bob Lee.');
    expect(ask.text).toContain('mailto:jane@acme-robotics.com?subject=Introduction%20to%20Bob%20Lee');
    expect(ask.text).not.toContain('mailto:bob@lee.io');
    expect((await harness.store.listContacts(userId)).filter((c) => c.source === 'referral').map((c) => c.email)).toEqual(['bob@lee.io']);
    // Carol has no address yet: the answer shows the line to send once the user has it, and names no one for "people".
    expect(ack.text).toContain('To keep someone as a referral');
    expect(ack.text).toContain('referral: Carol Díaz <their email address>');
    expect(ack.html).toContain('referral: Carol Díaz &lt;their email address&gt;');
    expect(ack.text).not.toMatch(/referral: (?:People|people)/);

    // The draft thanks Jane for the offer (not yet an introduction) and quotes neither introduction as something learned.
    harness.clock.set('2026-11-03T21:30:00Z');
    expect(await sendReminder(harness.deps, { kind: 'thank-you', userId, interviewId, version: 1 })).toBe('sent');
    const draft = (await harness.outbox()).at(-1)!;
    expect(draft.text).toContain('and for offering to introduce me to Bob Lee.');
    expect(draft.text).toContain('I especially appreciated what you said about how I should meet people on the platform team.');
    expect(draft.text).not.toMatch(/appreciated what you said about .*Carol/);

    // Once Alex says the introduction was made, the draft to Bob follows.
    await harness.deliver(reply('Jane introduced me to Bob Lee <bob@lee.io> this morning.'), { to: replyTo });
    const toBob = (await harness.outbox()).at(-1)!;
    expect(toBob.subject).toBe('Suggested next conversation: Bob Lee (referred by Jane Doe)');
    expect(toBob.text).toContain('mailto:bob@lee.io');
    expect((await harness.store.getContact(userId, 'bob@lee.io'))!.introOffered).toBeUndefined();
  });

  it('asks, and changes nothing, when a line does not say whether the introduction was made', async () => {
    harness.clock.set('2026-11-03T20:45:00Z');
    await harness.deliver(reply('introduce me to Bob Lee <bob@lee.io>'), { to: replyTo });
    const ack = (await harness.outbox()).at(-1)!;
    expect(ack.text).toContain('They introduced us already');
    expect(ack.text).toContain('They offered to introduce us');
    expect(ack.html).toContain(encodeURIComponent('They offered to introduce me to Bob Lee <bob@lee.io>'));
    expect(await harness.store.getContact(userId, 'bob@lee.io')).toBeUndefined();
  });

  it('names the referral in the thank-you draft, and the referrer in the referral’s prep brief', async () => {
    await harness.deliver(reply('referral: Bob Lee <bob@lee.io> — hardware lead'), { to: replyTo });
    harness.clock.set('2026-11-03T21:30:00Z');
    expect(await sendReminder(harness.deps, { kind: 'thank-you', userId, interviewId, version: 1 })).toBe('sent');
    expect((await harness.outbox()).at(-1)!.text).toContain('Bob Lee');

    // A week later Alex meets Bob: his prep brief says how they are connected.
    const withBob = invitation({ start: '20261110T100000', end: '20261110T103000' })
      .replace('UID:chat-with-jane@acme-robotics.com', 'UID:chat-with-bob@lee.io')
      .replace(/Jane Doe:mailto:jane@acme-robotics.com/g, 'Bob Lee:mailto:bob@lee.io')
      .replace('Message-ID: <fwd-0@example.org>', 'Message-ID: <fwd-bob@example.org>');
    await harness.deliver(withBob);
    const bobInterview = interviewIdFor(userId, 'chat-with-bob@lee.io');
    harness.clock.set('2026-11-09T15:00:00Z');
    expect(await sendReminder(harness.deps, { kind: 'prep-brief', userId, interviewId: bobInterview, version: 1 })).toBe('sent');
    const brief = (await harness.outbox()).at(-1)!;
    expect(brief.subject).toMatch(/^Prep brief: .*Bob Lee/);
    expect(brief.text).toContain('Jane Doe');
  });

  it('stops the nudge once the thank-you is marked sent', async () => {
    await harness.deliver(reply('sent'), { to: replyTo });
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ thankYouSentAt: '2026-10-20T12:00:00.000Z' });
    expect(Object.keys(await schedules())).toEqual(['prep']);
    expect(await sendReminder(harness.deps, { kind: 'thank-you-nudge', userId, interviewId, version: 1 })).toBe('not-applicable');
  });

  it('moves both reminders on "reschedule", in the user’s zone', async () => {
    await harness.deliver(reply('reschedule Thursday 5 Nov 10:00'), { to: replyTo });
    const interview = (await harness.store.getInterview(userId, interviewId))!;
    expect(interview).toMatchObject({ startUtc: '2026-11-05T15:00:00Z', endUtc: '2026-11-05T15:30:00Z', version: 2 });
    expect(await schedules()).toMatchObject({ prep: '2026-11-04T15:00:00.000Z', thanks: '2026-11-05T16:30:00.000Z' });
    expect((await harness.outbox()).at(-1)!.text).toContain('Moved the interview to Thu 5 Nov 2026, 10:00 EST');
    expect(await sendReminder(harness.deps, { kind: 'prep-brief', userId, interviewId, version: 1 })).toBe('stale');
  });

  it('cancels on "cancel": no brief, no draft', async () => {
    await harness.deliver(reply('Cancel'), { to: replyTo });
    expect(await schedules()).toEqual({});
    harness.clock.set('2026-11-03T21:30:00Z');
    expect(await sendReminder(harness.deps, { kind: 'thank-you', userId, interviewId, version: 2 })).toBe('not-applicable');
  });

  it('applies corrections, referrals, the pitch and the zone, and says what it understood', async () => {
    await harness.deliver(
      reply(
        'company: Acme Robotics Inc.\r\nrole: Product Manager\r\nreferral: Bob Lee <bob@lee.io> — hardware lead\r\npitch: I build data tools and want to move into robotics product work.\r\ntimezone: Europe/Berlin',
      ),
      { to: replyTo },
    );
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ company: 'Acme Robotics Inc.', role: 'Product Manager' });
    expect(await harness.store.getContact(userId, 'bob@lee.io')).toMatchObject({
      name: 'Bob Lee',
      source: 'referral',
      fromInterviewId: interviewId,
      context: 'hardware lead',
    });
    expect(await harness.store.getUser(userId)).toMatchObject({
      timeZone: 'Europe/Berlin',
      timeZoneSource: 'set',
      pitch: expect.stringContaining('robotics'),
    });
    // Same wall-clock day before, now in Berlin: 21:00 CET is still 20:00Z.
    expect(await schedules()).toMatchObject({ prep: '2026-11-02T20:00:00.000Z' });
    const [ack, intro] = (await harness.outbox()).slice(-2);
    for (const line of [
      'Company set to Acme Robotics Inc.',
      'Role set to Product Manager',
      'Saved the referral Bob Lee <bob@lee.io>',
      'elevator pitch',
      'Europe/Berlin',
    ])
      expect(ack!.text).toContain(line);
    // The referral becomes a suggested conversation: an introduction request that names who referred.
    expect(intro!.subject).toBe('Suggested next conversation: Bob Lee (referred by Jane Doe)');
    expect(intro!.text).toContain('Jane Doe suggested I reach out to you');
    expect(intro!.text).toContain('mailto:bob@lee.io?subject=Jane%20Doe%20suggested%20I%20get%20in%20touch');
    // The pitch saved in the same reply is the draft's line about Alex, in the text, the HTML and the mailto.
    expect(intro!.text).toContain('I build data tools and want to move into robotics product work. Would you be open');
    expect(intro!.text).not.toContain('[one line about you');
    expect(intro!.html).toContain('I build data tools and want to move into robotics product work.');
    expect(intro!.text).toContain(encodeURIComponent('I build data tools and want to move into robotics product work.'));
  });

  it('explains what it could not read instead of guessing', async () => {
    await harness.deliver(reply('timezone: Mars/Olympus\r\nreschedule sometime soon'), { to: replyTo });
    const ack = (await harness.outbox()).at(-1)!;
    expect(ack.text).toContain('not a time zone I know');
    expect(ack.text).toContain('could not read "sometime soon"');
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ version: 1 });
  });

  it('ignores a forged token, and a reply from someone else', async () => {
    const forged = replyTo.replace(/-[0-9a-f]{16}@/, '-0000000000000000@');
    await harness.deliver(reply('cancel'), { to: forged });
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ status: 'scheduled' });
    expect((await harness.outbox()).at(-1)!.text).toContain('not one Rapport recognises');

    // Someone else's reply changes nothing; the user, never the sender, is told how to add an address of theirs.
    const before = (await harness.outbox()).length;
    await harness.deliver(reply('cancel').replace(`From: ${USER}`, 'From: Mallory <mallory@evil.example>'), { to: replyTo });
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ status: 'scheduled' });
    const after = await harness.outbox();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.to).toContain('alex@example.org');
    expect(after.at(-1)!.text).toContain('A reply came from mallory@evil.example, which is not one of your addresses');
  });

  it('deletes everything only after a reply to the confirmation request itself', async () => {
    await harness.deliver(reply('delete my data'), { to: replyTo });
    expect(await harness.store.getUser(userId)).toBeDefined();
    const request = (await harness.outbox()).at(-1)!;
    expect(request.subject).toBe('Confirm: delete everything Rapport keeps about you?');
    expect(request.text).toContain('yes, delete my data');
    expect(request.text).toContain('Only a reply to this email can confirm');
    expect(request.replyTo).toMatch(/^reply\+x[0-9a-f]{4}-/);

    // "yes" sent to the interview's own reply address is one more request, not a confirmation.
    await harness.deliver(reply('yes, delete my data'), { to: replyTo });
    expect(await harness.store.getUser(userId)).toBeDefined();

    // Someone else's mail stays; every raw message Alex sent (the invitation and three replies so far) goes.
    await harness.deliver(invitation().replace(`From: ${USER}`, 'From: Bo <bo@example.net>'));
    const bosMail = await harness.store.listRawMail((await harness.store.findUserIdByEmail('bo@example.net'))!);
    const alexsMail = await harness.store.listRawMail(userId);
    expect(alexsMail).toHaveLength(3);

    await harness.deliver(reply('yes, delete my data'), { to: request.replyTo! });
    for (const key of alexsMail) await expect(harness.rawMail.get(key)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await harness.store.listRawMail(userId)).toEqual([]);
    expect(bosMail).toHaveLength(1);
    expect(Buffer.from(await harness.rawMail.get(bosMail[0]!)).toString()).toContain('From: Bo <bo@example.net>');
    expect(await harness.store.getUser(userId)).toBeUndefined();
    expect(await harness.store.getInterview(userId, interviewId)).toBeUndefined();
    expect(await harness.store.findUserIdByEmail('alex@example.org')).toBeUndefined();
    expect(await schedules()).toEqual({});
    expect((await harness.outbox()).at(-1)!.subject).toBe('Deleted: everything Rapport kept about you');
    const done = (await harness.outbox()).at(-1)!.text;
    expect(done).toContain('Deleted your profile, 1 interview with their notes');
    expect(done).toContain('the raw copies of 4 emails you sent Rapport (this one included)');
    expect(done).toContain('up to 35 days');
  });

  it('never deletes on "yes, delete my data" sent to reply+anything@, and changes nothing account-wide', async () => {
    await harness.deliver(reply('yes, delete my data\ndigest: off\ntimezone: Asia/Tokyo'), { to: `reply+anything@${DOMAIN}` });
    expect(await harness.store.getUser(userId)).toMatchObject({ timeZone: 'America/New_York', digest: { enabled: true } });
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ status: 'scheduled' });
    const answer = (await harness.outbox()).at(-1)!;
    expect(answer.text).toContain('not one Rapport recognises, so nothing in your reply was applied');
  });

  it('acts on nothing in a reply to an email older than 180 days, and says to reply to a newer one', async () => {
    harness.clock.set('2027-05-01T12:00:00Z');
    await harness.deliver(reply('cancel\ndigest: off'), { to: replyTo });
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ status: 'scheduled' });
    expect(await harness.store.getUser(userId)).toMatchObject({ digest: { enabled: true } });
    const answer = (await harness.outbox()).at(-1)!;
    expect(answer.subject).toMatch(/^Couldn't apply your reply/);
    expect(answer.text).toContain('That email is too old to act on');
    expect(answer.text).toContain('reply to a newer email');
  });

  it('does not delete on a confirmation request older than 7 days', async () => {
    await harness.deliver(reply('delete my data'), { to: replyTo });
    const request = (await harness.outbox()).at(-1)!;
    harness.clock.set('2026-10-29T12:00:00Z');
    await harness.deliver(reply('yes, delete my data'), { to: request.replyTo! });
    expect(await harness.store.getUser(userId)).toBeDefined();
    expect((await harness.outbox()).at(-1)!.text).toContain('That confirmation request is more than 7 days old, so nothing was deleted');
  });

  it('ignores whatever follows the deletion in the same reply: the profile is not written back', async () => {
    await harness.deliver(reply('delete my data'), { to: replyTo });
    const request = (await harness.outbox()).at(-1)!;
    await harness.deliver(reply('yes, delete my data\npitch: I build robots\ntimezone: Europe/Berlin\nA note after the deletion.'), {
      to: request.replyTo!,
    });
    expect(await harness.store.getUser(userId)).toBeUndefined();
    expect(await harness.store.findUserIdByEmail('alex@example.org')).toBeUndefined();
    expect(await harness.store.listNotes(userId, interviewId)).toEqual([]);
    expect(await schedules()).toEqual({});
    expect((await harness.outbox()).at(-1)!.text).toContain('The rest of your reply was not applied');
  });

  it('keeps answering replies to emails signed with the previous key during a key rotation', async () => {
    harness.deps.config.tokenKeys = fixedTokenKeys({ current: 'the-new-key', previous: 'test-secret' });
    await harness.deliver(reply('cancel'), { to: replyTo });
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ status: 'cancelled' });
    // The answer carries a token of the new key.
    const answer = (await harness.outbox()).at(-1)!;
    harness.deps.config.tokenKeys = fixedTokenKeys({ current: 'the-new-key' });
    await harness.deliver(reply('role: Staff engineer'), { to: answer.replyTo! });
    expect(await harness.store.getInterview(userId, interviewId)).toMatchObject({ role: 'Staff engineer' });
  });
});
