import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OutboxEntry } from '../../functions/local/web';
import { outboxOf, runtimePerTest, sendOverSmtp, tick, waitForOutbox } from '../support/runtime-driver';
import { CORPUS, withFrom } from '../support/workflow-harness';

/**
 * Issue 12 as a user lives it on `npm start`, through SMTP and the outbox only: a question noted
 * before the call is in the prep brief and never in the draft; what was learned after the start
 * shapes the draft; a note after the draft brings one revised draft; "sent" stops the nudge.
 */
const USER = 'Homer Simpson <homer@example.com>';

let replyNumber = 0;
/** A reply as a mail app writes it: threaded to the email, with the quoted original below. */
function replyTo(email: OutboxEntry, lines: string[], messageId = `<reply-${++replyNumber}@example.com>`): string {
  return [
    `From: ${USER}`,
    `To: ${email.replyTo}`,
    `Subject: Re: ${email.subject}`,
    `Message-ID: ${messageId}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...lines,
    '',
    'On Wed, 2 Dec 2020 at 20:00, Rapport <log@rapport.localhost> wrote:',
    `> ${email.subject}`,
    '',
  ].join('\n');
}

/** The draft's body as the thank-you email shows it: after its To and Subject lines, before the end marker. */
function draftIn(email: OutboxEntry): string {
  const start = email.text.indexOf('\n\n', email.text.indexOf('----- draft -----'));
  return email.text.slice(start, email.text.indexOf('----- end of draft -----'));
}

describe('npm start: the thank-you names what was learned', () => {
  const local = runtimePerTest('rapport-e2e-thanks-');

  it('keeps a question for the brief, drafts from what was learned, revises once, and stops nudging after "sent"', async () => {
    const runtime = await local.start('2020-11-25T10:00:00Z');
    const invite = withFrom(readFileSync(path.join(CORPUS, 'invites/outlook_exchange_teams_invite.eml')), USER).toString('utf8');
    const envelope = (to: string) => ({ from: 'homer@example.com', to });
    expect(await sendOverSmtp(runtime, invite, envelope('log@rapport.localhost'))).toMatch(/^250/);
    const [confirmation] = await waitForOutbox(runtime, 1);

    // A week before the call (Wed 2 Dec, 17:00–19:00 London): a question to ask.
    await sendOverSmtp(runtime, replyTo(confirmation!, ['Want to ask about the hardware PM path.']), envelope(confirmation!.replyTo!));
    await waitForOutbox(runtime, 2);

    // Half-way through the call: the brief went out the day before, with the question in it.
    await tick(runtime, '2020-12-02T18:30:00Z');
    let outbox = await outboxOf(runtime);
    const brief = outbox.find((m) => m.subject.startsWith('Prep brief:'))!;
    expect(brief.text).toContain('YOUR NOTES\n- Want to ask about the hardware PM path.');
    expect(brief.html).toContain('Your notes');

    // Right after the call, before the draft: what was learned.
    await tick(runtime, '2020-12-02T19:10:00Z');
    const learned = replyTo(brief, [
      'She said the team hires in spring.',
      'She offered to introduce me to Dana Kim.',
      '',
      'Sent from my iPhone',
    ]);
    await sendOverSmtp(runtime, learned, envelope(brief.replyTo!));
    const count = (await waitForOutbox(runtime, outbox.length + 1)).length;

    // The draft, an hour after the end (20:00 London, outside quiet hours).
    const fired = await tick(runtime, '2020-12-02T20:30:00Z');
    expect(fired.map((f) => [f.name.replace(/^[0-9a-f]+-/, ''), f.outcome])).toContainEqual(['thanks', 'sent']);
    outbox = await outboxOf(runtime);
    expect(outbox).toHaveLength(count + 1);
    const thanks = outbox.at(-1)!;
    expect(thanks.subject).toBe('Thank-you draft for Marge — send by Thu 3 Dec 19:00 GMT');
    const draft = draftIn(thanks);
    expect(draft).toContain('I especially appreciated what you said about the team hiring in spring.');
    expect(draft).toContain('and for offering to introduce me to Dana Kim.');
    expect(draft).toContain('Warm regards,\nHomer Simpson');
    expect(draft).not.toMatch(/hardware PM path|iPhone|wrote:|@/);
    // The question is shown back as a reminder, beside the draft, with the debrief.
    expect(thanks.text).toContain('- Want to ask about the hardware PM path.');
    expect(thanks.text).toContain('How did it go? Reply with two or three things you learned and anyone they suggested you talk to.');

    // A note after the draft: one revised draft, threaded, saying what changed — once, however often the reply arrives.
    const later = replyTo(
      thanks,
      ['She explained that Acme runs quarterly planning with every PM in the room.'],
      '<later-note@example.com>',
    );
    await sendOverSmtp(runtime, later, envelope(thanks.replyTo!));
    await sendOverSmtp(runtime, later, envelope(thanks.replyTo!));
    await waitForOutbox(runtime, count + 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    outbox = await outboxOf(runtime);
    const revised = outbox.filter((m) => m.subject.startsWith('Revised thank-you draft'));
    expect(revised).toHaveLength(1);
    expect(revised[0]!.text).toContain('Revised with your latest note: it now mentions');
    expect(draftIn(revised[0]!)).toContain('what you said about how Acme runs quarterly planning with every PM in the room');
    const ack = outbox.find((m) => m.subject.startsWith('Got it') && m.text.includes('Your thank-you draft is revised'));
    expect(ack).toBeDefined();

    // "sent": no nudge at 15:00 the next day.
    await sendOverSmtp(runtime, replyTo(revised[0]!, ['sent']), envelope(revised[0]!.replyTo!));
    const before = (await waitForOutbox(runtime, outbox.length + 1)).length;
    const rest = await tick(runtime, '2020-12-04T00:00:00Z');
    expect(rest.filter((f) => f.name.endsWith('-nudge') && f.outcome === 'sent')).toEqual([]);
    outbox = await outboxOf(runtime);
    expect(outbox.slice(before).filter((m) => /hours? left|Still time/.test(m.subject))).toEqual([]);
  });
});
