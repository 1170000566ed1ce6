import type { OutboxEntry } from '../../functions/local/web';
import type { LocalRuntime } from '../../functions/local/runtime';
import { outboxOf, runtimePerTest, sendOverSmtp, tick, waitForOutbox } from '../support/runtime-driver';

/**
 * Issue 19's defects, each lived as a user on `npm start`, through SMTP and the outbox only:
 * replies as people write them. The invitation is a call on Wed 2 Dec 2020, 17:00–19:00 London,
 * with Marge; the thank-you draft comes at 20:00.
 */
const USER = 'Homer Simpson <homer@example.com>';
const envelope = (to: string) => ({ from: 'homer@example.com', to });

/** An invitation written for these tests (no corpus needed): Wed 2 Dec 2020, 17:00–19:00 London, with Marge. */
const INVITATION = [
  `From: ${USER}`,
  'To: log@rapport.localhost',
  'Subject: Fwd: Invitation: Coffee chat',
  'Message-ID: <fwd-words@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
  '',
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Rapport tests//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:words-with-marge@acme-robotics.com',
  'SEQUENCE:0',
  'DTSTAMP:20201120T120000Z',
  'DTSTART;TZID=Europe/London:20201202T170000',
  'DTEND;TZID=Europe/London:20201202T190000',
  'SUMMARY:Coffee chat',
  'ORGANIZER;CN=Marge Bouvier:mailto:marge@acme-robotics.com',
  'ATTENDEE;CN=Homer Simpson:mailto:homer@example.com',
  'ATTENDEE;CN=Marge Bouvier:mailto:marge@acme-robotics.com',
  'STATUS:CONFIRMED',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

let replyNumber = 0;
function replyTo(email: OutboxEntry, lines: string[]): string {
  return [
    `From: ${USER}`,
    `To: ${email.replyTo}`,
    `Subject: Re: ${email.subject}`,
    `Message-ID: <words-${++replyNumber}@example.com>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...lines,
    '',
    'On Wed, 2 Dec 2020 at 20:00, Rapport <log@rapport.localhost> wrote:',
    `> ${email.subject}`,
    '',
  ].join('\n');
}

/** Sends a reply to `email` and returns the answer to it. */
async function reply(runtime: LocalRuntime, email: OutboxEntry, lines: string[]): Promise<OutboxEntry> {
  const before = (await outboxOf(runtime)).length;
  await sendOverSmtp(runtime, replyTo(email, lines), envelope(email.replyTo!));
  const outbox = await waitForOutbox(runtime, before + 1);
  return outbox[before]!;
}

function draftIn(email: OutboxEntry): string {
  const start = email.text.indexOf('\n\n', email.text.indexOf('----- draft -----'));
  return email.text.slice(start, email.text.indexOf('----- end of draft -----'));
}

describe('npm start: replies read as people write them', () => {
  const local = runtimePerTest('rapport-e2e-words-');

  async function logged(): Promise<{ runtime: LocalRuntime; confirmation: OutboxEntry }> {
    const runtime = await local.start('2020-11-25T10:00:00Z');
    expect(await sendOverSmtp(runtime, INVITATION, envelope('log@rapport.localhost'))).toMatch(/^250/);
    const [confirmation] = await waitForOutbox(runtime, 1);
    return { runtime, confirmation: confirmation! };
  }

  async function thankYouDraft(runtime: LocalRuntime): Promise<OutboxEntry> {
    await tick(runtime, '2020-12-02T20:30:00Z');
    return (await outboxOf(runtime)).find((m) => m.subject.startsWith('Thank-you draft'))!;
  }

  it('moves the interview from a phrasing of its own, asks back a weekday that disagrees, and asks about a question', async () => {
    const { runtime, confirmation } = await logged();
    const moved = await reply(runtime, confirmation, ['She pushed it back to next Thursday 4pm']);
    expect(moved.text).toContain('I read “She pushed it back to next Thursday 4pm” as “reschedule');
    expect(moved.text).toMatch(/Moved the interview to Thu 3 Dec 2020, 16:00/);

    const disagreeing = await reply(runtime, confirmation, ['Julien moved it to Thursday 4 December 2020 at 4pm.']);
    expect(disagreeing.text).toContain('4 December 2020 is a Friday, not a Thursday');

    const asked = await reply(runtime, confirmation, ['can we do Friday at 10 instead?']);
    expect(asked.text).toContain('I was not sure what you meant by “can we do Friday at 10 instead?”, so nothing changed.');
    expect(asked.text).toMatch(/Move it to Friday at 10: mailto:reply\+[^?\s]+\?body=reschedule%20Friday%20at%2010/);
    expect(asked.text).toContain('Keep it as a note: mailto:');
    // One tap in the HTML part: each reading is a link that writes the answer.
    expect(asked.html).toMatch(
      /<a href="mailto:reply\+[^"?]+\?body(?:=|&#x3D;)reschedule%20Friday%20at%2010"[^>]*><strong>Move it to Friday at 10<\/strong><\/a>/,
    );
  }, 60_000);

  it('marks the thank-you sent from "Sent it this morning." and keeps greetings and the signature out of the notes', async () => {
    const { runtime, confirmation } = await logged();
    await reply(runtime, confirmation, [
      'Hi,',
      'She runs the AMR team in Berlin.',
      'Thanks',
      '',
      'Best regards',
      'Alex Morgan',
      'Senior Analyst',
    ]);
    const draft = await thankYouDraft(runtime);
    expect(draft.text).not.toMatch(/- (?:Hi|Thanks|Best regards|Alex Morgan|Senior Analyst)\b/);

    const sent = await reply(runtime, draft, ['Sent it this morning.']);
    expect(sent.text).toContain('Marked the thank-you as sent.');
    expect(sent.text).not.toContain('Saved your note');
    const rest = await tick(runtime, '2020-12-04T00:00:00Z');
    expect(rest.filter((f) => f.name.endsWith('-nudge') && f.outcome === 'sent')).toEqual([]);
  }, 60_000);

  it('drafts a recommendation in good English and revises the draft for a later note', async () => {
    const { runtime, confirmation } = await logged();
    await tick(runtime, '2020-12-02T19:10:00Z');
    await reply(runtime, confirmation, [
      'She recommended the "Inspired" book and said hardware background is a big plus for their AMR team.',
    ]);
    const draft = await thankYouDraft(runtime);
    // Before, the draft said 'your advice to the "Inspired" book … and said hardware background is a big plus'.
    expect(draftIn(draft)).toContain(
      'I especially appreciated what you said about how hardware background is a big plus for their AMR team.',
    );
    expect(draftIn(draft)).not.toMatch(/your advice to the|and said/);
    const later = await reply(runtime, draft, ['Also: she offered to review my portfolio next month.']);
    expect(later.text).toMatch(/Your thank-you draft is revised|Your thank-you draft stays as it is: /);
    const own = await reply(runtime, draft, ['I sent her my CV after the call.']);
    expect(own.text).toContain('Your thank-you draft stays as it is: I read “I sent her my CV after the call.” as something you did');
  }, 60_000);

  it('answers "1 sent" and "#1 not pursuing" on the digest as commands, and names a line it cannot use', async () => {
    const { runtime } = await logged();
    await tick(runtime, '2020-12-07T09:00:00Z');
    const digest = (await outboxOf(runtime)).find((m) => /digest|week/i.test(m.subject) && m.text.includes('1.'))!;
    expect(digest).toBeDefined();
    const answer = await reply(runtime, digest, ['1 sent', '#1 not pursuing', 'She liked my questions']);
    expect(answer.text).toContain('Marked the thank-you for Coffee chat — Marge Bouvier as sent.');
    expect(answer.text).toContain('Coffee chat — Marge Bouvier is a thank-you: reply "done" once it is sent.');
    expect(answer.text).not.toContain('Notes are kept per interview');
    expect(answer.text).toContain('I kept nothing of “She liked my questions”');
  }, 60_000);
});
