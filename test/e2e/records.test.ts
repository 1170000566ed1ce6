import ical from 'node-ical';
import Papa from 'papaparse';
import { parse as parseVcard } from 'vcard4';
import type { LocalRuntime } from '../../functions/local/runtime';
import type { OutboxEntry } from '../../functions/local/web';
import { outboxOf, runtimePerTest, sendOverSmtp, tick, waitForOutbox } from '../support/runtime-driver';

/**
 * Issue 21 as a user lives it on `npm start`, over SMTP and the outbox only: notes before and
 * after a meeting, an updated invitation that moves it, a no-show and a cancel — then `export`,
 * read back with papaparse, vcard4 and node-ical, says what happened and nothing that did not.
 */
const USER = 'Homer Simpson <homer@example.com>';
const DOMAIN = 'rapport.localhost';
const envelope = (to: string) => ({ from: 'homer@example.com', to });

let messageNumber = 0;
function mail(to: string, subject: string, lines: string[], extraHeaders: string[] = []): string {
  return [
    `From: ${USER}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <records-${++messageNumber}@example.com>`,
    'Date: Tue, 1 Dec 2026 10:00:00 +0000',
    ...extraHeaders,
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...lines,
    '',
  ].join('\n');
}
const replyTo = (email: OutboxEntry, lines: string[]) => mail(email.replyTo!, `Re: ${email.subject}`, lines);

/** An invitation from `who` (organizer) to Homer, times in UTC. */
function invitation(uid: string, who: { name: string; email: string }, start: string, end: string, sequence = 0): string {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Rapport tests//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${sequence}`,
    'DTSTAMP:20261201T090000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:Coffee chat with ${who.name}`,
    `ORGANIZER;CN=${who.name}:mailto:${who.email}`,
    'ATTENDEE;CN=Homer Simpson:mailto:homer@example.com',
    `ATTENDEE;CN=${who.name}:mailto:${who.email}`,
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  return [
    `From: ${USER}`,
    `To: log@${DOMAIN}`,
    `Subject: Fwd: Invitation: Coffee chat with ${who.name}`,
    'Date: Tue, 1 Dec 2026 10:00:00 +0000',
    `Message-ID: <invite-${uid}-${sequence}@example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
    '',
    ics,
    '',
  ].join('\r\n');
}

const PRIYA = { name: 'Priya Raman', email: 'priya@acme.example' };
const BOB = { name: 'Bob Lee', email: 'bob@lee.example' };
const CAROL = { name: 'Carol Diaz', email: 'carol@diaz.example' };

async function send(rt: LocalRuntime, raw: string, to: string): Promise<OutboxEntry[]> {
  const before = (await outboxOf(rt)).length;
  expect(await sendOverSmtp(rt, raw, envelope(to))).toMatch(/^250/);
  return waitForOutbox(rt, before + 1);
}
const digests = (outbox: OutboxEntry[]) => outbox.filter((m) => m.subject.startsWith('Your week in informational interviews'));
const latest = (outbox: OutboxEntry[], subject: RegExp) => outbox.filter((m) => subject.test(m.subject)).at(-1)!;
const parseCsv = (text: string) => {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

describe('npm start: records that stay true', () => {
  const local = runtimePerTest('rapport-e2e-records-');

  it('exports notes, a moved meeting, a no-show and a cancel as they happened, read by real parsers', async () => {
    const rt = await local.start('2026-12-01T10:00:00Z');
    let outbox = await send(rt, invitation('priya@x', PRIYA, '20261210T140000Z', '20261210T143000Z'), `log@${DOMAIN}`);
    const priyaLogged = latest(outbox, /^Logged: .*Priya/);
    // A note before the meeting, then the invitation moves to Fri 11 Dec.
    outbox = await send(rt, replyTo(priyaLogged, ['Ask about the data platform roadmap']), priyaLogged.replyTo!);
    expect(outbox.at(-1)!.text).toContain('Saved your note.');
    outbox = await send(rt, invitation('priya@x', PRIYA, '20261211T140000Z', '20261211T143000Z', 1), `log@${DOMAIN}`);
    expect(latest(outbox, /^Updated: /).subject).toContain('Priya');
    await send(rt, invitation('bob@x', BOB, '20261212T100000Z', '20261212T103000Z'), `log@${DOMAIN}`);
    outbox = await send(rt, invitation('carol@x', CAROL, '20261214T100000Z', '20261214T103000Z'), `log@${DOMAIN}`);
    const carolLogged = latest(outbox, /^Logged: .*Carol/);
    outbox = await send(rt, replyTo(carolLogged, ['cancel']), carolLogged.replyTo!);
    expect(outbox.at(-1)!.text).toContain('Cancelled the interview');

    // Both meetings end; the thank-you drafts go out, then Bob turns out a no-show.
    await tick(rt, '2026-12-12T12:00:00Z');
    outbox = await outboxOf(rt);
    const priyaThanks = latest(outbox, /^Thank-you draft for Priya/);
    const bobThanks = latest(outbox, /^Thank-you draft for Bob/);
    outbox = await send(rt, replyTo(bobThanks, ['no-show']), bobThanks.replyTo!);
    expect(outbox.at(-1)!.text).toContain('Marked as a no-show');
    outbox = await send(
      rt,
      replyTo(priyaThanks, ['done', 'referral: Dana Smith <dana@acme.io>', 'She offered to introduce me to Dana']),
      priyaThanks.replyTo!,
    );

    const before = outbox.length;
    expect(await sendOverSmtp(rt, mail(`export@${DOMAIN}`, 'export', ['export']), envelope(`export@${DOMAIN}`))).toMatch(/^250/);
    await tick(rt, '2026-12-12T12:05:00Z');
    outbox = await waitForOutbox(rt, before + 1);
    const answer = latest(outbox, /^Your Rapport export/);
    const files = Object.fromEntries(answer.attachments.map((a) => [a.filename, Buffer.from(a.contentBase64, 'base64').toString('utf8')]));

    const interviews = Object.fromEntries(parseCsv(files['interviews.csv']!).map((row) => [row.contact_email, row]));
    expect(interviews[PRIYA.email]).toMatchObject({ start_utc: '2026-12-11T14:00:00Z', status: 'done', outcome: 'held' });
    expect(interviews[PRIYA.email]!.notes).toMatch(/^2026-12-\d\d \d\d:\d\d \(before the meeting\): Ask about the data platform roadmap\n/);
    expect(interviews[PRIYA.email]!.notes).toMatch(/\(after the meeting\): She offered to introduce me to Dana$/);
    expect(interviews[PRIYA.email]!.referrals).toBe('Dana Smith <dana@acme.io> (suggested)');
    expect(interviews[BOB.email]).toMatchObject({ status: 'no-show', outcome: 'no-show' });
    expect(interviews[CAROL.email]).toMatchObject({ status: 'cancelled', outcome: 'cancelled' });

    const contacts = Object.fromEntries(parseCsv(files['contacts.csv']!).map((row) => [row.email, row]));
    const zone = interviews[PRIYA.email]!.time_zone!;
    const local11 = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date('2026-12-11T14:00:00Z'),
    );
    expect(contacts[PRIYA.email]!.first_met).toContain(local11);
    expect(contacts[PRIYA.email]!.last_touch).toContain(local11);
    expect(contacts[PRIYA.email]!.referred).toBe('Dana Smith <dana@acme.io>');
    // Never met: a cancelled meeting and a no-show leave no first-met or last-in-touch date.
    for (const never of [BOB.email, CAROL.email]) expect(contacts[never]).toMatchObject({ first_met: '', last_touch: '' });

    const cards = files['contacts.vcf']!.split(/(?<=END:VCARD\r\n)/)
      .filter((card) => card.trim() !== '')
      .map((card) => parseVcard(card).parsedVcard);
    const card = (email: string) => cards.find((c) => c.some((p) => p.property === 'EMAIL' && p.value === email))!;
    const value = (email: string, property: string) => card(email).find((p) => p.property === property)?.value;
    expect(String(value(PRIYA.email, 'NOTE'))).toContain('Ask about the data platform roadmap');
    expect(String(value(PRIYA.email, 'NOTE'))).toContain('— held');
    expect(String(value(BOB.email, 'NOTE'))).toContain('— no-show');
    expect(String(value(BOB.email, 'NOTE'))).not.toContain('First met');
    expect(String(value('dana@acme.io', 'NOTE'))).toContain('Referred by Priya Raman <priya@acme.example>');
    expect(value('dana@acme.io', 'RELATED')).toBe(`mailto:${PRIYA.email}`);

    const events = Object.values(ical.sync.parseICS(files['interviews.ics']!)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const event = (uid: string) => events.find((e) => e.uid === uid)!;
    expect(event('priya@x').start.toISOString()).toBe('2026-12-11T14:00:00.000Z');
    expect(event('priya@x').status).toBe('CONFIRMED');
    expect(event('priya@x').description).toContain('(before the meeting): Ask about the data platform roadmap');
    expect(event('priya@x').description).toContain('Referrals:\n- Dana Smith <dana@acme.io> (suggested)');
    expect(event('bob@x')).toMatchObject({ status: 'CANCELLED' });
    expect(event('bob@x').description).toContain('Outcome: no-show');
    expect(event('carol@x')).toMatchObject({ status: 'CANCELLED' });

    // The digest no longer owes Bob a thank-you nor counts his meeting as held.
    await tick(rt, '2026-12-21T12:00:00Z');
    const digest = latest(await outboxOf(rt), /^Your week in informational interviews/);
    expect(digest.text).not.toContain('Bob Lee');
  }, 120_000);

  it('brings a digest set for Sunday 23:30 on Monday at 07:00, and moving it to Sunday skips no week', async () => {
    const rt = await local.start('2026-12-01T10:00:00Z');
    let outbox = await send(rt, invitation('later@x', PRIYA, '20261215T140000Z', '20261215T143000Z'), `log@${DOMAIN}`);
    const logged = latest(outbox, /^Logged: /);
    outbox = await send(rt, replyTo(logged, ['timezone: Europe/Berlin', 'digest: sunday 23:30']), logged.replyTo!);
    expect(outbox.at(-1)!.text).toContain('The weekly digest will come on Mondays at 07:00.');
    expect(outbox.at(-1)!.text).toContain('You asked for Sunday 23:30, which is in quiet hours (22:00–07:00)');

    // Sun 6 Dec 23:30 passes without a digest; it comes Mon 7 Dec 07:00 in Berlin (06:00 UTC).
    await tick(rt, '2026-12-06T23:59:00Z');
    expect(digests(await outboxOf(rt))).toEqual([]);
    await tick(rt, '2026-12-07T06:30:00Z');
    const monday = digests(await outboxOf(rt));
    expect(monday.map((m) => new Date(m.date).toISOString())).toEqual(['2026-12-07T06:00:00.000Z']);

    // Moved to Sunday 10:00 after Monday's came: Sun 13 Dec is in the same ISO week, and still gets its digest.
    outbox = await send(rt, replyTo(monday[0]!, ['digest: sunday 10:00']), monday[0]!.replyTo!);
    expect(outbox.at(-1)!.text).toContain('The weekly digest will come on Sundays at 10:00.');
    await tick(rt, '2026-12-13T09:30:00Z');
    expect(digests(await outboxOf(rt)).map((m) => new Date(m.date).toISOString())).toEqual([
      '2026-12-07T06:00:00.000Z',
      '2026-12-13T09:00:00.000Z',
    ]);
  }, 120_000);

  it('adds a second address confirmed from it; mail from either reaches the account, and a stranger is told how', async () => {
    const rt = await local.start('2026-12-01T10:00:00Z');
    let outbox = await send(rt, invitation('first@x', PRIYA, '20261210T140000Z', '20261210T143000Z'), `log@${DOMAIN}`);
    const logged = latest(outbox, /^Logged: /);
    outbox = await send(rt, replyTo(logged, ['also: Homer at work <homer@work.example>']), logged.replyTo!);
    const asked = outbox.find((m) => m.to.includes('homer@work.example'))!;
    expect(asked.subject).toBe('Confirm this address for Rapport');
    expect(outbox.find((m) => m.subject.startsWith('Got it') && m.text.includes('I emailed homer@work.example'))).toBeDefined();

    // Someone else cannot confirm it for him: only a reply from the address asked for adds it.
    const fromWork = (to: string, lines: string[], from = 'Homer Simpson <homer@work.example>') =>
      mail(to, 'Re: Confirm this address for Rapport', lines).replace(`From: ${USER}`, `From: ${from}`);
    const before = outbox.length;
    expect(
      await sendOverSmtp(rt, fromWork(asked.replyTo!, ['yes'], 'Eve <eve@else.example>'), { from: 'eve@else.example', to: asked.replyTo! }),
    ).toMatch(/^250/);
    outbox = await waitForOutbox(rt, before + 1);
    const told = outbox.at(-1)!;
    expect(told.to).toContain('homer@example.com');
    expect(told.text).toContain('A reply came from eve@else.example, which is not one of your addresses');
    expect(told.text).toContain('"also: eve@else.example"');

    expect(await sendOverSmtp(rt, fromWork(asked.replyTo!, ['yes']), { from: 'homer@work.example', to: asked.replyTo! })).toMatch(/^250/);
    outbox = await waitForOutbox(rt, outbox.length + 1);
    expect(outbox.at(-1)!.to).toContain('homer@work.example');
    expect(outbox.at(-1)!.text).toContain('homer@work.example is now one of your addresses');

    // A forward and a reply from the work address reach Homer's account, answered at his first address.
    const forwarded = invitation('second@x', BOB, '20261211T100000Z', '20261211T103000Z').replace(
      `From: ${USER}`,
      'From: Homer Simpson <homer@work.example>',
    );
    expect(await sendOverSmtp(rt, forwarded, { from: 'homer@work.example', to: `log@${DOMAIN}` })).toMatch(/^250/);
    outbox = await waitForOutbox(rt, outbox.length + 1);
    const bobLogged = latest(outbox, /^Logged: .*Bob/);
    expect(bobLogged.to).toContain('homer@example.com');
    expect(
      await sendOverSmtp(rt, fromWork(bobLogged.replyTo!, ['company: Lee Labs']), { from: 'homer@work.example', to: bobLogged.replyTo! }),
    ).toMatch(/^250/);
    outbox = await waitForOutbox(rt, outbox.length + 1);
    expect(outbox.at(-1)!.text).toContain('Company set to Lee Labs.');
  }, 120_000);
});
