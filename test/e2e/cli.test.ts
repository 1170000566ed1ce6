import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startRuntime, type LocalRuntime } from '../../functions/local/runtime';
import { calendarMessage, minutelyZoneCalendar } from '../support/hostile-mail';
import { QUIET_LOG } from '../support/quiet-log';
import { runtimeConfig } from '../support/runtime-driver';
import { CORPUS } from '../support/workflow-harness';

/** The `rapport` command as a person types it: a real process, its output and exit code. */
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

async function rapport(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rapport.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('rapport parse and reply-text', () => {
  it('prints what it understood of an invitation as JSON', async () => {
    const result = await rapport(['parse', path.join(CORPUS, 'invites/google_meet_invite_tallinn.eml')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      method: 'REQUEST',
      uid: '1utaf3eftt1agbnisfcc3a5ps0@google.com',
      startUtc: '2024-04-11T08:00:00Z',
      organizerEmail: 'andris@postalsys.com',
    });
  });

  it('exits 3 with a one-line reason when there is no invitation, and 2 for input it cannot read', async () => {
    const none = await rapport(['parse', path.join(CORPUS, 'replies/talon_iphone.eml')]);
    expect(none.code).toBe(3);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await rapport(['parse', '/nonexistent/file.eml']);
    expect(missing.code).toBe(2);
  });

  it('rapport read prints the record inbound-email would queue, a read limit in it, and exits 2 for what it would drop', async () => {
    const invite = await rapport(['read', path.join(CORPUS, 'invites/google_meet_invite_tallinn.eml')]);
    expect(invite.code).toBe(0);
    expect(JSON.parse(invite.stdout)).toMatchObject({
      recipients: ['log@rapport.localhost'],
      authenticated: true,
      from: { address: 'andris@postalsys.com' },
      invitation: { ok: true, invitation: { uid: '1utaf3eftt1agbnisfcc3a5ps0@google.com', startUtc: '2024-04-11T08:00:00Z' } },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-read-'));
    try {
      const bomb = path.join(dir, 'zone-bomb.eml');
      writeFileSync(bomb, calendarMessage(minutelyZoneCalendar()));
      const unreadable = await rapport(['read', bomb]);
      expect(unreadable.code).toBe(0);
      expect(JSON.parse(unreadable.stdout).invitation).toEqual({
        ok: false,
        reason: 'unreadable',
        detail: 'the time zone “Bomb” in its calendar changes its offset every minute, which no real time zone does',
      });
      const noFrom = path.join(dir, 'no-from.eml');
      writeFileSync(noFrom, 'Subject: hello\r\n\r\nno sender\r\n');
      expect(await rapport(['read', noFrom])).toMatchObject({ code: 2, stderr: 'rapport read: not queued: no From address\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rapport parse reads the time of an invitation forwarded as text; rapport read queues the label and says process-inbound reads it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-text-'));
    try {
      const file = path.join(dir, 'outlook-text.eml');
      const when = 'Tuesday, December 3, 2024 3:00 PM-3:30 PM (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna.';
      writeFileSync(
        file,
        [
          'From: Sam <sam@example.com>',
          'To: log@rapport.localhost',
          'Subject: FW: Coffee chat with Jane',
          'Date: Mon, 25 Nov 2024 09:00:00 +0100',
          '',
          '-----Original Appointment-----',
          'From: Jane Doe <jane@acme.example>',
          `When: ${when}`,
          'Where: Cafe Central',
          '',
        ].join('\r\n'),
      );
      const parsed = await rapport(['parse', file]);
      expect(parsed.code).toBe(0);
      expect(JSON.parse(parsed.stdout)).toMatchObject({
        source: 'text',
        startUtc: '2024-12-03T14:00:00Z',
        endUtc: '2024-12-03T14:30:00Z',
        timeZone: 'Europe/Amsterdam',
        location: 'Cafe Central',
      });

      const read = await rapport(['read', file]);
      expect(read.code).toBe(0);
      expect(JSON.parse(read.stdout).invitation).toMatchObject({
        found: 'text-invitation',
        documents: [{ organizerEmail: 'jane@acme.example', when: [when] }],
      });
      expect(read.stderr).toContain('its labelled times are read by process-inbound');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the text of a reply without the quote and the signature', async () => {
    const result = await rapport(['reply-text', path.join(CORPUS, 'replies/talon_iphone.eml')]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.trim()).toBe('Hello');
  });
});

describe('rapport send, tick and outbox against a running instance', () => {
  let dataDir: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-cli-'));
    runtime = await startRuntime(runtimeConfig(dataDir, '2027-02-20T09:30:00Z', { maxMessageBytes: 1024 * 1024 }), QUIET_LOG);
  });
  afterAll(async () => {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('forwards the bundled example, moves time, and shows what was sent', async () => {
    // The instance picked free ports; the command finds them through the data folder.
    const env = { RAPPORT_DATA_DIR: dataDir };
    const sent = await rapport(['send', 'examples/coffee-chat.eml', '--from', 'Alex Morgan <alex@example.com>'], env);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^delivered to log@rapport\.localhost: 250/);

    const tick = await rapport(['tick', '--until', '+12d'], env);
    expect(tick.code).toBe(0);
    expect(tick.stdout).toMatch(/2027-03-01T14:00:00.000Z {2}[0-9a-f]+-prep {2}sent/);
    expect(tick.stdout).toMatch(/2027-03-02T15:30:00.000Z {2}[0-9a-f]+-thanks {2}sent/);

    const outbox = await rapport(['outbox', '--json'], env);
    const messages = JSON.parse(outbox.stdout) as { to: string; subject: string; replyTo: string; text: string; html: string }[];
    expect(messages.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        'Logged: coffee chat with Priya Natarajan (Northwind Robotics) — Tue 2 Mar 15:00 CET',
        'Prep brief: coffee chat with Priya Natarajan (Northwind Robotics) — Tue 2 Mar 15:00 CET',
        'Thank-you draft for Priya Natarajan — send by Wed 3 Mar 15:30 CET',
      ]),
    );
    expect(messages.every((m) => m.to === 'alex@example.com' && m.replyTo.startsWith('reply+') && m.text && m.html)).toBe(true);

    const listing = await rapport(['outbox'], env);
    expect(listing.stdout.split('\n')[0]).toMatch(/^ {2}1 {2}2027-02-20T09:30:\d\d\.\d{3}Z {2}to alex@example.com {2}Logged: coffee chat/);

    // Reply to the thank-you draft: mark it sent and keep a note.
    const draftNumber = messages.findIndex((m) => m.subject.startsWith('Thank-you draft')) + 1;
    const replied = await rapport(['reply', '--message', String(draftNumber), 'sent', 'She said the team hires juniors in spring.'], env);
    expect(replied.code).toBe(0);
    const after = JSON.parse((await rapport(['outbox', '--json'], env)).stdout) as { subject: string; text: string }[];
    const ack = after.at(-1)!;
    expect(ack.text).toContain('Marked the thank-you as sent');
    expect(ack.text).toContain('Saved your note');
  });

  it('says how to use a command it does not know, and when no instance answers', async () => {
    expect((await rapport(['frobnicate'])).code).toBe(2);
    const noInstance = await rapport(['outbox'], { RAPPORT_DATA_DIR: path.join(dataDir, 'nowhere'), RAPPORT_WEB_PORT: '1' });
    expect(noInstance.code).toBe(1);
    expect(noInstance.stderr).toContain('npm start');
  });
});
