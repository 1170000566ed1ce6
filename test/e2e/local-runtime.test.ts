import { readFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { LocalRuntime } from '../../functions/local/runtime';
import type { OutboxEntry } from '../../functions/local/web';
import { CONTROL_SECRET_HEADER, readControlSecret } from '../../functions/local/control-secret';
import { runtimePerTest } from '../support/runtime-driver';
import { CORPUS, withFrom } from '../support/workflow-harness';

/**
 * The product as a person runs it: `npm start`'s runtime on free ports, driven only through
 * SMTP (mail in) and the web API the `rapport` command and the inbox page use (clock, outbox).
 */
const USER = 'Homer Simpson <homer@example.com>';
/** The runtime's logs, kept for a failing test's eyes rather than printed. */
const logs: string[] = [];
const quiet = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };

/** The clock's start: a week before the corpus invitation's call (Wed 2 Dec 2020, 17:00 London). */
const START = '2020-11-25T10:00:00Z';

async function smtpSend(runtime: LocalRuntime, raw: Buffer, from = 'homer@example.com'): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope: { from, to: `log@${runtime.domain}` }, raw })).response;
  } finally {
    transport.close();
  }
}

async function api<T>(runtime: LocalRuntime, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${runtime.webPort}${route}`, {
    method,
    headers: { [CONTROL_SECRET_HEADER]: readControlSecret(runtime.dataDir)!, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

const teamsInvite = () => withFrom(readFileSync(path.join(CORPUS, 'invites/outlook_exchange_teams_invite.eml')), USER);

describe('npm start: the whole workflow on one machine', () => {
  const local = runtimePerTest('rapport-e2e-');

  it('confirms a forwarded Teams invitation, then sends the prep brief and the thank-you draft as time passes', async () => {
    const runtime = await local.start(START, {}, quiet);
    expect(await smtpSend(runtime, teamsInvite())).toMatch(/^250/);

    let outbox = await api<OutboxEntry[]>(runtime, 'GET', '/api/outbox');
    expect(outbox).toHaveLength(1);
    // The forward's Date says +00:00 in December: London time, named in the confirmation.
    expect(outbox[0]).toMatchObject({ to: 'homer@example.com', subject: 'Logged: call with Marge — Wed 2 Dec 17:00 GMT' });
    expect(outbox[0]!.text).toContain('Europe/London');
    expect(outbox[0]!.replyTo).toMatch(/^reply\+c[0-9a-f]{4}-[0-9a-f]+-[0-9a-f]+-[0-9a-f]{16}@rapport\.localhost$/);
    expect(outbox[0]!.text).toContain('https://teams.microsoft.com/l/meetup-join/');

    const tick = await api<{ fired: { name: string; atUtc: string; outcome: string }[]; now: string }>(runtime, 'POST', '/api/tick', {
      until: '2020-12-04T00:00:00Z',
    });
    // The clock keeps running from where it was moved to.
    expect(new Date(tick.now).getTime() - new Date('2020-12-04T00:00:00Z').getTime()).toBeGreaterThanOrEqual(0);
    expect(new Date(tick.now).getTime() - new Date('2020-12-04T00:00:00Z').getTime()).toBeLessThan(10_000);
    expect(
      tick.fired.filter((f) => !f.name.endsWith('-digest')).map((f) => [f.name.replace(/^[0-9a-f]+-/, ''), f.atUtc, f.outcome]),
    ).toEqual([
      ['prep', '2020-12-01T17:00:00.000Z', 'sent'],
      ['thanks', '2020-12-02T20:00:00.000Z', 'sent'],
      ['nudge', '2020-12-03T15:00:00.000Z', 'sent'],
    ]);

    outbox = await api<OutboxEntry[]>(runtime, 'GET', '/api/outbox');
    const bySubject = (prefix: string) => outbox.find((m) => m.subject.startsWith(prefix));
    const brief = bySubject('Prep brief:')!;
    expect(brief).toMatchObject({ to: 'homer@example.com', subject: 'Prep brief: call with Marge — Wed 2 Dec 17:00 GMT' });
    expect(brief.date).toBe('2020-12-01T17:00:00.000Z');
    // The invitation was written in "FLE Standard Time" (Helsinki/Kyiv): the brief shows both zones.
    expect(brief.text).toMatch(/When: Wed 2 Dec 2020, 17:00–19:00 GMT \(Europe\/London\)/);
    expect(brief.text).toMatch(/19:00–21:00 EET \(Europe\/(Helsinki|Kiev|Kyiv)\)/);
    expect(brief.text.toLowerCase()).toContain('who else');
    const thanks = bySubject('Thank-you draft')!;
    expect(thanks.subject).toBe('Thank-you draft for Marge — send by Thu 3 Dec 19:00 GMT');
    expect(thanks.text).toContain('mailto:marge@example.com');
    expect(bySubject('About')?.subject ?? bySubject('Still time')?.subject).toBeDefined();
    for (const message of outbox) {
      expect(message.html).toContain('</html>');
      expect(`${message.subject}\n${message.text}\n${message.html}`).not.toMatch(/\{\{|undefined|NaN|Invalid Date|\[object Object\]/);
    }
  });

  it('names the year of an invitation forwarded long after it took place, and schedules nothing for it', async () => {
    const runtime = await local.start('2026-12-01T09:00:00Z', {}, quiet);
    expect(await smtpSend(runtime, teamsInvite())).toMatch(/^250/);
    const [confirmation] = await api<OutboxEntry[]>(runtime, 'GET', '/api/outbox');
    // "Wed 2 Dec" alone would read as the day after tomorrow.
    expect(confirmation!.subject).toBe('Logged: call with Marge — Wed 2 Dec 2020 17:00 GMT');
    expect(confirmation!.text).toContain('This conversation is already behind you');
    const tick = await api<{ fired: { name: string }[] }>(runtime, 'POST', '/api/tick', { until: '2026-12-05T00:00:00Z' });
    expect(tick.fired.filter((f) => !f.name.endsWith('-digest'))).toEqual([]);
  });

  it('keeps interviews and pending reminders across a restart', async () => {
    let runtime = await local.start(START, {}, quiet);
    await smtpSend(runtime, teamsInvite());
    await runtime.stop();

    runtime = await local.start(START, { startAt: undefined }, quiet);
    expect(runtime.clock.now().getTime()).toBeGreaterThanOrEqual(new Date('2020-11-25T10:00:00Z').getTime());
    const tick = await api<{ fired: { name: string; outcome: string }[] }>(runtime, 'POST', '/api/tick', { until: '2020-12-02T00:00:00Z' });
    expect(tick.fired.map((f) => [f.name.replace(/^[0-9a-f]+-/, ''), f.outcome])).toContainEqual(['prep', 'sent']);
    const outbox = await api<OutboxEntry[]>(runtime, 'GET', '/api/outbox');
    expect(outbox.map((m) => m.subject.split(':')[0])).toEqual(expect.arrayContaining(['Logged', 'Prep brief']));
  });

  it('answers bad input clearly and keeps serving', async () => {
    const runtime = await local.start(START, {}, quiet);

    // Oversized: refused at the SMTP level with the limit named.
    const big = Buffer.from(`From: ${USER}\r\nTo: log@rapport.localhost\r\nSubject: huge\r\n\r\n${'x'.repeat(300 * 1024)}\r\n`);
    await expect(smtpSend(runtime, big)).rejects.toThrow(/552.*Message too big/);

    // Not an email at all: accepted by SMTP, and no one to answer (no From).
    expect(await smtpSend(runtime, Buffer.from('\u0000\u0001 this is not a mail message'))).toMatch(/^250/);

    // Mail for another domain is refused.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
    await expect(
      transport.sendMail({ envelope: { from: 'homer@example.com', to: 'someone@else.example' }, raw: 'Subject: x\r\n\r\nx' }),
    ).rejects.toThrow(/550/);
    transport.close();

    // No invitation: a short reply saying what to forward.
    const plain = Buffer.from(
      `From: ${USER}\r\nTo: log@rapport.localhost\r\nSubject: Fwd: quick question\r\nDate: Mon, 23 Nov 2020 09:00:00 +0200\r\nMessage-ID: <no-invite-1@example.com>\r\n\r\nCan we meet?\r\n`,
    );
    expect(await smtpSend(runtime, plain)).toMatch(/^250/);

    // Still serving: a real invitation goes through.
    expect(await smtpSend(runtime, teamsInvite())).toMatch(/^250/);
    const subjects = (await api<OutboxEntry[]>(runtime, 'GET', '/api/outbox')).map((m) => m.subject);
    // The user was first seen at +02:00, so their times are in Helsinki time.
    expect(subjects).toEqual(['No invitation found in “Fwd: quick question”', 'Logged: call with Marge — Wed 2 Dec 19:00 EET']);

    const page = await fetch(`http://127.0.0.1:${runtime.webPort}/`);
    const html = await page.text();
    expect(html).toContain('Rapport outbox');
    expect(html).toContain('Logged: call with Marge');
  });
});
