import { readFileSync } from 'node:fs';
import path from 'node:path';
import ical from 'node-ical';
import Papa from 'papaparse';
import { parse as parseVcard } from 'vcard4';
import type { LocalRuntime } from '../../functions/local/runtime';
import type { OutboxEntry } from '../../functions/local/web';
import { outboxOf, runtimePerTest, sendOverSmtp, tick, waitForOutbox } from '../support/runtime-driver';
import { CORPUS, withFrom } from '../support/workflow-harness';

/**
 * Issue 13 as a user lives it on `npm start`, through SMTP and the outbox only: after "sent", a
 * keep-in-touch email within four weeks; a referral becomes a suggested conversation with its
 * introduction draft; numbered replies clear digest items; `export` answers with files that a
 * spreadsheet, a contacts app and a calendar open (papaparse, vcard4, node-ical — not the writers).
 */
const USER = 'Homer Simpson <homer@example.com>';
const DOMAIN = 'rapport.localhost';
/** The UID of the corpus invitation's VEVENT (Outlook's Global Object ID), which the export must keep. */
const INVITE_UID = '056000008200E00074C5B7101A82E008000000001AF84C64CBC8D601000000000000000010000000403B5AC10A0EB444A947D2B499A4B98C';
const DAY = 86_400_000;
const envelope = (to: string) => ({ from: 'homer@example.com', to });

let messageNumber = 0;
/** A message as a mail app writes it; a reply is threaded to the email it answers. */
function mail(to: string, subject: string, lines: string[]): string {
  return [
    `From: ${USER}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <after-${++messageNumber}@example.com>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...lines,
    '',
  ].join('\n');
}
const replyTo = (email: OutboxEntry, lines: string[]) => mail(email.replyTo!, `Re: ${email.subject}`, lines);

/** The draft's body between its markers, as the email shows it. */
function draftIn(email: OutboxEntry): string {
  return email.text.slice(email.text.indexOf('----- draft -----'), email.text.indexOf('----- end of draft -----'));
}

const digests = (outbox: OutboxEntry[]) => outbox.filter((m) => m.subject.startsWith('Your week in informational interviews'));

describe('npm start: after the thank-you', () => {
  const local = runtimePerTest('rapport-e2e-after-');

  /** Logs the corpus invitation (Marge, Wed 2 Dec 2020 17:00 London) and lets the thank-you draft go out. */
  async function throughTheThankYou(rt: LocalRuntime): Promise<OutboxEntry> {
    const invite = withFrom(readFileSync(path.join(CORPUS, 'invites/outlook_exchange_teams_invite.eml')), USER).toString('utf8');
    expect(await sendOverSmtp(rt, invite, envelope(`log@${DOMAIN}`))).toMatch(/^250/);
    await waitForOutbox(rt, 1);
    await tick(rt, '2020-12-02T20:30:00Z');
    return (await outboxOf(rt)).find((m) => m.subject.startsWith('Thank-you draft for Marge'))!;
  }

  it('turns a referral into a suggested conversation, suggests keeping in touch within four weeks of "sent", and clears digest items by number', async () => {
    const runtime = await local.start('2020-11-25T10:00:00Z');
    const thanks = await throughTheThankYou(runtime);
    let outbox = await outboxOf(runtime);
    const sentAt = Date.parse('2020-12-02T20:30:00Z');
    await sendOverSmtp(
      runtime,
      replyTo(thanks, ['sent', 'referral: Dana Smith <dana@acme.io> — hiring manager']),
      envelope(thanks.replyTo!),
    );
    outbox = await waitForOutbox(runtime, outbox.length + 2);

    // The referral: a suggested next conversation, with an introduction-request draft naming who referred her.
    const ack = outbox.find((m) => m.subject === 'Got it: call with Marge')!;
    expect(ack.text).toContain('Marked the thank-you as sent.');
    expect(ack.text).toContain('Saved the referral Dana Smith <dana@acme.io>, referred by Marge.');
    const suggestion = outbox.find((m) => m.subject.startsWith('Suggested next conversation'))!;
    expect(suggestion.subject).toBe('Suggested next conversation: Dana Smith (referred by Marge)');
    expect(suggestion.text).toContain('hiring manager');
    const intro = draftIn(suggestion);
    expect(intro).toContain('To: dana@acme.io');
    expect(intro).toContain('Hi Dana,');
    expect(intro).toContain('Marge suggested I reach out to you');
    expect(intro).toContain('Homer Simpson');
    expect(suggestion.text).toMatch(/mailto:dana@acme\.io\?subject=Marge%20suggested/);
    expect(suggestion.text).toContain('intro sent');

    // Four weeks pass: a keep-in-touch email about Marge arrives inside them, with a draft and a mailto.
    await tick(runtime, new Date(sentAt + 28 * DAY).toISOString());
    outbox = await outboxOf(runtime);
    const keepInTouch = outbox.filter((m) => m.subject === 'Keep in touch with Marge');
    expect(keepInTouch).toHaveLength(1);
    const arrived = Date.parse(keepInTouch[0]!.date);
    expect(arrived).toBeGreaterThan(sentAt + 7 * DAY);
    expect(arrived).toBeLessThanOrEqual(sentAt + 28 * DAY);
    expect(draftIn(keepInTouch[0]!)).toContain('To: marge@example.com');
    expect(draftIn(keepInTouch[0]!)).toContain('Hi Marge,');
    expect(keepInTouch[0]!.text).toMatch(/mailto:marge@example\.com\?subject=/);
    expect(keepInTouch[0]!.html).toContain('href="mailto:marge@example.com?');

    // The latest digest numbers both open items.
    const numbered = digests(outbox).at(-1)!;
    expect(numbered.text).toContain('- 1. Dana Smith (dana@acme.io)\n  Ask for an introduction — referred by Marge.');
    expect(numbered.text).toContain('- 2. Marge (marge@example.com)');
    await sendOverSmtp(runtime, replyTo(numbered, ['1 done', '2 snooze 2 weeks']), envelope(numbered.replyTo!));
    outbox = await waitForOutbox(runtime, outbox.length + 1);
    const cleared = outbox.at(-1)!;
    expect(cleared.text).toContain('Dana Smith: introduction requested.');
    expect(cleared.text).toMatch(/Marge comes back on \w{3} \d+ \w{3} 2021/);

    // The next digest: Marge is snoozed out of it, and Dana's item says where it stands.
    await tick(runtime, new Date(Date.parse(numbered.date) + 7 * DAY + 60_000).toISOString());
    outbox = await outboxOf(runtime);
    const next = digests(outbox).at(-1)!;
    expect(next.date).not.toBe(numbered.date);
    expect(next.text).not.toContain('Marge (marge@example.com)');
    expect(next.text).toContain('- 1. Dana Smith (dana@acme.io)\n  Introduction requested — referred by Marge.');

    // "not pursuing" by its number takes Dana out for good; two weeks on, the snoozed Marge is back alone.
    await sendOverSmtp(runtime, replyTo(next, ['1 not pursuing']), envelope(next.replyTo!));
    outbox = await waitForOutbox(runtime, outbox.length + 1);
    expect(outbox.at(-1)!.subject).toBe('Got it');
    await tick(runtime, new Date(Date.parse(next.date) + 14 * DAY + 60_000).toISOString());
    const after = digests(await outboxOf(runtime)).at(-1)!;
    expect(after.date).not.toBe(next.date);
    expect(after.text).not.toContain('Dana Smith');
    expect(after.text).not.toContain('REFERRALS TO CONTACT');
    expect(after.text).toContain('- 1. Marge (marge@example.com)');
  }, 120_000);

  it('answers mail to export@ with interviews.csv, contacts.csv, contacts.vcf and interviews.ics that independent parsers open', async () => {
    const runtime = await local.start('2020-11-25T10:00:00Z');
    const thanks = await throughTheThankYou(runtime);
    let outbox = await outboxOf(runtime);
    await sendOverSmtp(
      runtime,
      replyTo(thanks, ['sent', 'referral: Dana Smith <dana@acme.io> — hiring manager']),
      envelope(thanks.replyTo!),
    );
    outbox = await waitForOutbox(runtime, outbox.length + 2);

    expect(await sendOverSmtp(runtime, mail(`export@${DOMAIN}`, 'export', ['export']), envelope(`export@${DOMAIN}`))).toMatch(/^250/);
    await tick(runtime, '2020-12-02T20:35:00Z');
    outbox = await waitForOutbox(runtime, outbox.length + 1);
    const answer = outbox.at(-1)!;
    expect(answer.subject).toMatch(/^Your Rapport export — 1 interview, \d+ contacts$/);
    expect(answer.to).toContain('homer@example.com');
    const files = Object.fromEntries(
      answer.attachments.map((a) => [
        a.filename,
        { contentType: a.contentType, text: Buffer.from(a.contentBase64, 'base64').toString('utf8') },
      ]),
    );
    expect(Object.keys(files).sort()).toEqual(['contacts.csv', 'contacts.vcf', 'interviews.csv', 'interviews.ics']);

    // The spreadsheet: one row for the interview, with its contact and its calendar UID.
    const interviews = Papa.parse<Record<string, string>>(files['interviews.csv']!.text.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(interviews.errors).toEqual([]);
    expect(interviews.data).toHaveLength(1);
    expect(interviews.data[0]).toMatchObject({
      start: '2020-12-02 17:00',
      time_zone: 'Europe/London',
      contact_email: 'marge@example.com',
      calendar_uid: INVITE_UID,
    });

    // Everyone: Marge, the other attendee, and Dana with who referred her.
    const contacts = Papa.parse<Record<string, string>>(files['contacts.csv']!.text.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(contacts.errors).toEqual([]);
    const byEmail = Object.fromEntries(contacts.data.map((row) => [row.email, row]));
    expect(byEmail['marge@example.com']).toMatchObject({ name: 'Marge', interviews: '1' });
    expect(byEmail['bart@example.com']).toBeDefined();
    expect(byEmail['dana@acme.io']).toMatchObject({ name: 'Dana Smith', referral_state: 'suggested' });
    expect(byEmail['dana@acme.io']!.referred_by).toContain('Marge');

    // The contacts app: vCard 4.0 cards.
    expect(files['contacts.vcf']!.contentType).toMatch(/^text\/vcard/);
    const vcf = files['contacts.vcf']!.text;
    const cards = vcf
      .split(/(?<=END:VCARD\r\n)/)
      .filter((card) => card.trim() !== '')
      .map((card) => parseVcard(card).parsedVcard);
    expect(cards).toHaveLength(contacts.data.length);
    expect(vcf.match(/^VERSION:4\.0\r$/gm)).toHaveLength(cards.length);
    const dana = cards.find((card) => card.some((p) => p.property === 'EMAIL' && p.value === 'dana@acme.io'))!;
    expect(dana.find((p) => p.property === 'FN')!.value).toBe('Dana Smith');
    expect(String(dana.find((p) => p.property === 'NOTE')!.value)).toContain('Referred by Marge');

    // The calendar: one VEVENT under the invitation's own UID, at its real time.
    const events = Object.values(ical.sync.parseICS(files['interviews.ics']!.text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    expect(events.map((e) => e.uid)).toEqual([INVITE_UID]);
    expect(events[0]!.start.toISOString()).toBe('2020-12-02T17:00:00.000Z');
    expect(events[0]!.end!.toISOString()).toBe('2020-12-02T19:00:00.000Z');
    expect(events[0]!.description).toContain('marge@example.com');
  }, 120_000);
});
