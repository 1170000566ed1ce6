import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { FORGOTTEN_RECIPIENT, type LocalRuntime } from '../../functions/local/runtime';
import { runtimePerTest, sendOverSmtp, waitForOutbox } from '../support/runtime-driver';

/**
 * `delete my data` as the person who asked for it checks it: on one machine, after the deletion
 * and a restart, nothing in the data folder holds their address, quotes their notes or carries
 * their invitation's UID; the deletion's answer stays readable in the outbox (their mailbox),
 * addressed to no one.
 */
const START = '2027-02-20T09:30:00Z';
const USER = 'alex.gone@example.com';
const UID = 'gone-7f3a9c1e@calendar.example';
const NOTE = 'Priya keeps bees on the roof of the Northwind lab';

function invitation(): string {
  return [
    `From: Alex Gone <${USER}>`,
    'To: log@rapport.localhost',
    'Subject: Fwd: Invitation: Coffee chat with Priya',
    'Date: Sat, 20 Feb 2027 09:00:00 +0000',
    'Message-ID: <gone-invite@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
    '',
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${UID}`,
    'DTSTART:20270302T140000Z',
    'DTEND:20270302T143000Z',
    'DTSTAMP:20270220T080000Z',
    'SUMMARY:Coffee chat with Priya',
    'ORGANIZER;CN=Priya Natarajan:mailto:priya@northwind.example',
    `ATTENDEE;CN=Alex Gone;PARTSTAT=ACCEPTED:mailto:${USER}`,
    'ATTENDEE;CN=Priya Natarajan:mailto:priya@northwind.example',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

async function reply(runtime: LocalRuntime, to: string, text: string, n: number): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: USER, to, subject: 'Re: Rapport', messageId: `<gone-reply-${n}@example.com>`, text });
  } finally {
    transport.close();
  }
}

/** The files under `dir` whose bytes contain `needle` (as `grep -a -r -l` finds them), case-insensitively. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const lower = Buffer.from(needle.toLowerCase(), 'latin1');
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const file = path.join(folder, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (Buffer.from(readFileSync(file).toString('latin1').toLowerCase(), 'latin1').includes(lower))
        found.push(path.relative(dir, file));
    }
  };
  walk(dir);
  return found.sort();
}

describe('delete my data on one machine', () => {
  const local = runtimePerTest('rapport-gone-');

  it('leaves no byte in the data folder with the address, the notes or the calendar UID, across a restart', async () => {
    let runtime = await local.start(START);
    await sendOverSmtp(runtime, invitation(), { from: USER, to: 'log@rapport.localhost' });
    const [confirmation] = await waitForOutbox(runtime, 1);
    expect(confirmation!.subject).toMatch(/^Logged: /);
    await reply(runtime, confirmation!.replyTo!, NOTE, 1);
    await waitForOutbox(runtime, 2);
    // The note, the UID and the address are on disk before the deletion (so the search below can find them).
    for (const needle of [USER, NOTE, UID])
      expect({ needle, files: filesContaining(local.dataDir, needle).length > 0 }).toEqual({ needle, files: true });

    await reply(runtime, (await runtime.outbox()).at(-1)!.replyTo!, 'delete my data', 2);
    const [ask] = (await waitForOutbox(runtime, 3)).slice(-1);
    await reply(runtime, ask!.replyTo!, 'yes, delete my data', 3);
    const answer = (await waitForOutbox(runtime, 4)).at(-1)!;
    expect(answer.subject).toMatch(/deleted/i);

    await runtime.stop();
    runtime = await local.start(START);
    // The outbox stands in for the user's mailbox: what was sent to them went with the deletion,
    // and the deletion's own answer is the one email left there, readable but addressed to no one.
    const [left, ...more] = await runtime.outbox();
    expect({ subject: left?.subject, to: left?.to, replyTo: left?.replyTo, more: more.length }).toEqual({
      subject: answer.subject,
      to: FORGOTTEN_RECIPIENT,
      replyTo: undefined,
      more: 0,
    });
    expect(left!.text).toContain('expires from the mail store after 30 days');
    await runtime.stop();
    for (const needle of [USER, NOTE, UID])
      expect({ needle, files: filesContaining(local.dataDir, needle) }).toEqual({ needle, files: [] });
  });
});
