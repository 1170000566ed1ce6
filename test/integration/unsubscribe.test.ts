import type { OutboxMessage } from '../../functions/adapters/local/outbox-mailer';
import { fireSchedule } from '../../functions/local/fire-schedule';
import { sendFollowUp } from '../../functions/workflows/send-follow-up';
import { answerUnsubscribeRequest } from '../../functions/workflows/unsubscribe-request';
import { forwardedInvitation } from '../support/invitation-mail';
import { DOMAIN, startHarness, type Harness } from '../support/workflow-harness';

const USER = 'Alex Morgan <alex@example.org>';
const ONE_CLICK_BASE = 'https://unsubscribe.rapport.test/unsubscribe';

/** A 30-minute chat with Jane Doe on Tue 3 Nov 2026, 15:00 New York time. */
function invitation(): string {
  return forwardedInvitation(
    {
      from: USER,
      to: `log@${DOMAIN}`,
      subject: 'Fwd: Invitation: Coffee chat',
      date: 'Tue, 20 Oct 2026 08:00:00 -0400',
      messageId: '<fwd-unsubscribe@example.org>',
    },
    [
      'UID:chat-with-jane@acme-robotics.com',
      'SEQUENCE:0',
      'DTSTAMP:20261020T120000Z',
      'DTSTART;TZID=America/New_York:20261103T150000',
      'DTEND;TZID=America/New_York:20261103T153000',
      'SUMMARY:Coffee chat',
      'ORGANIZER;CN=Jane Doe:mailto:jane@acme-robotics.com',
      'ATTENDEE;CN=Alex Morgan:mailto:alex@example.org',
    ],
  );
}

let replies = 0;
const reply = (text: string) =>
  [`From: ${USER}`, 'Subject: Re: Rapport', `Message-ID: <unsubscribe-reply-${++replies}@example.org>`, '', text, ''].join('\r\n');

/** Fires every schedule due by `until` in time order, the clock at each one's time, as Scheduler would. */
async function runUntil(harness: Harness, until: string): Promise<void> {
  for (;;) {
    const [next] = (await harness.scheduler.due(new Date(until))).sort((a, b) => a.dueUtc.getTime() - b.dueUtc.getTime());
    if (!next) break;
    harness.clock.set(next.dueUtc);
    await fireSchedule(harness.deps, harness.scheduler, next);
  }
  harness.clock.set(until);
}

const oneClickOf = (email: OutboxMessage) => /<(https:[^>]+)>/.exec(email.listUnsubscribe ?? '')?.[1];
const tokenOf = (url: string) => url.slice(ONE_CLICK_BASE.length + 1);
const post = (harness: Harness, token: string) =>
  answerUnsubscribeRequest(harness.deps, { method: 'POST', token, body: 'List-Unsubscribe=One-Click' });

describe('List-Unsubscribe on what Rapport sends on its own', () => {
  let harness: Harness;
  let userId: string;

  beforeEach(async () => {
    harness = await startHarness({ now: '2026-10-20T12:00:00Z' });
    harness.deps.config.unsubscribeUrl = ONE_CLICK_BASE;
    await harness.deliver(invitation());
    userId = (await harness.store.findUserIdByEmail('alex@example.org'))!;
    const replyTo = (await harness.outbox())[0]!.replyTo!;
    await runUntil(harness, '2026-11-03T22:00:00Z');
    await harness.deliver(reply('sent\r\nreferral: Bob Lee <bob@lee.io>'), { to: replyTo });
    await runUntil(harness, '2026-12-01T12:00:00Z');
  });
  afterEach(async () => harness.close());

  it('is on exactly the digest and the keep-in-touch emails, each naming its own kind', async () => {
    const outbox = await harness.outbox();
    const kindOf = (m: OutboxMessage) => m.subject.replace(/[:—].*$/, '').trim();
    const carrying = new Set(outbox.filter((m) => m.listUnsubscribe).map(kindOf));
    expect([...carrying].sort()).toEqual(['Keep in touch with Jane Doe', 'Your week in informational interviews']);
    // Everything else went out without it: the confirmation, the answer, the referral's draft, the reminders.
    expect(new Set(outbox.filter((m) => !m.listUnsubscribe).map(kindOf))).toEqual(
      new Set(['Logged', 'Got it', 'Suggested next conversation', 'Prep brief', 'Thank-you draft for Jane Doe']),
    );
    for (const m of outbox.filter((m) => m.listUnsubscribe)) {
      expect(m.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
      expect(tokenOf(oneClickOf(m)!)).toMatch(m.subject.startsWith('Keep in touch') ? /^q/ : /^s/);
    }
  });

  it('turns keep-in-touch emails off on its one-click POST, the digest untouched, until keep-in-touch: on', async () => {
    const keepInTouch = (await harness.outbox()).find((m) => m.subject.startsWith('Keep in touch'))!;
    const answer = await post(harness, tokenOf(oneClickOf(keepInTouch)!));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('You are unsubscribed from keep-in-touch emails.');
    expect(await harness.store.getUser(userId)).toMatchObject({ keepInTouchOff: true, digest: { enabled: true } });
    const confirmation = (await harness.outbox()).at(-1)!;
    expect(confirmation.subject).toBe('Unsubscribed: keep-in-touch emails');
    expect(confirmation.text).toContain('To have them again, reply “keep-in-touch: on”.');
    // The user clicked their mail app's unsubscribe; they wrote no reply, and are not told they did.
    expect(confirmation.text).toContain('You unsubscribed');
    expect(confirmation.text).not.toMatch(/your reply/i);

    const contact = (await harness.store.getContact(userId, 'jane@acme-robotics.com'))!;
    const due = { kind: 'keep-in-touch', userId, email: contact.email, dueUtc: contact.nextTouchUtc! } as const;
    expect(await sendFollowUp(harness.deps, due)).toBe('off');

    await harness.deliver(reply('keep-in-touch: on'), { to: confirmation.replyTo! });
    expect((await harness.outbox()).at(-1)!.text).toContain('Keep-in-touch emails are on again.');
    expect((await harness.store.getUser(userId))!.keepInTouchOff).toBeUndefined();
    expect(await sendFollowUp(harness.deps, due)).not.toBe('off');
  });

  it('changes nothing for a forged, an expired or another kind of token', async () => {
    const digest = (await harness.outbox()).find((m) => m.subject.startsWith('Your week'))!;
    const token = tokenOf(oneClickOf(digest)!);
    const before = (await harness.outbox()).length;
    const refused = [
      token.replace(/[0-9a-f]{16}$/, 'ffffffffffffffff'),
      token.replace(/^s/, 'q'),
      digest.replyTo!.slice('reply+'.length, digest.replyTo!.indexOf('@')),
      '../../api/tick',
      'x'.repeat(5000),
    ];
    for (const bad of refused) expect((await post(harness, bad)).status).toBe(400);
    harness.clock.set('2027-07-01T12:00:00Z');
    const expired = await post(harness, token);
    expect(expired.status).toBe(400);
    expect(expired.body).toContain('too old');
    expect(await harness.store.getUser(userId)).toMatchObject({ digest: { enabled: true } });
    expect((await harness.store.getUser(userId))!.keepInTouchOff).toBeUndefined();
    expect(await harness.outbox()).toHaveLength(before);
    expect(harness.logs.filter((l) => l.message === 'unsubscribe link refused').map((l) => l.fields!.why)).toEqual([
      'invalid',
      'invalid',
      'not an unsubscribe link',
      'invalid',
      'invalid',
      'expired',
    ]);
  });
});
