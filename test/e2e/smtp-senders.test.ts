import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { startRuntime, type LocalRuntime } from '../../functions/local/runtime';
import { QUIET_LOG } from '../support/quiet-log';
import { runtimeConfig, runtimePerTest } from '../support/runtime-driver';

/**
 * The local SMTP front door against forged senders, spoken to by a real SMTP client. On one
 * machine there is no SPF/DKIM, so with an allow-list set the envelope sender must be the From
 * address, and a message naming several From addresses is never taken as from the first.
 */
const EXAMPLE = readFileSync(path.join(__dirname, '../../examples/coffee-chat.eml'), 'latin1');

/** The bundled example invitation with this From header (and a fresh Message-ID). */
function inviteFrom(from: string, n: number): Buffer {
  const rewritten = EXAMPLE.replace(/^From: .*$/im, `From: ${from}`).replace(
    /^Message-ID: .*$/im,
    `Message-ID: <senders-${n}@example.com>`,
  );
  expect(rewritten).toContain(`From: ${from}`);
  return Buffer.from(rewritten, 'latin1');
}

async function smtp(runtime: LocalRuntime, envelopeFrom: string, raw: Buffer): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope: { from: envelopeFrom, to: 'log@rapport.localhost' }, raw })).response;
  } catch (error) {
    return (error as { response?: string }).response ?? String(error);
  } finally {
    transport.close();
  }
}

describe('the local SMTP server and forged senders', () => {
  const local = runtimePerTest('rapport-senders-');
  const start = (allowedSenders: string[]) => local.start('2027-02-20T09:30:00Z', { allowedSenders, maxMessageBytes: 1024 * 1024 });

  it('with an allow-list, refuses an allowed From sent with another envelope sender, and acts on nothing', async () => {
    const runtime = await start(['example.com']);
    const answer = await smtp(runtime, 'mallory@evil.example', inviteFrom('Alex Morgan <alex@example.com>', 1));
    expect(answer).toBe('550 5.7.1 The envelope sender (MAIL FROM mallory@evil.example) must be the From address');
    expect(await runtime.outbox()).toEqual([]);
    expect(await runtime.deps.store.findUserIdByEmail('alex@example.com')).toBeUndefined();
  });

  it('with an allow-list, takes the same message when the envelope sender is the From address', async () => {
    const runtime = await start(['example.com']);
    expect(await smtp(runtime, 'Alex@Example.com', inviteFrom('Alex Morgan <alex@example.com>', 2))).toMatch(/^250/);
    expect((await runtime.outbox()).map((m) => m.subject)).toEqual([
      'Logged: coffee chat with Priya Natarajan (Northwind Robotics) — Tue 2 Mar 15:00 CET',
    ]);
  });

  it('refuses two From addresses, the first of them allowed, with or without an allow-list', async () => {
    for (const allowed of [['example.com'], ['*']]) {
      const runtime = await start(allowed);
      const answer = await smtp(runtime, 'alex@example.com', inviteFrom('alex@example.com, Mallory <mallory@evil.example>', 3));
      expect(answer).toBe('550 5.7.1 More than one From address (2); Rapport acts for one sender');
      // Two From lines are two From addresses too.
      const twoLines = Buffer.from(
        inviteFrom('alex@example.com', 4)
          .toString('latin1')
          .replace(/^From: .*$/im, (line) => `${line}\r\nFrom: mallory@evil.example`),
        'latin1',
      );
      expect(await smtp(runtime, 'alex@example.com', twoLines)).toMatch(/^550 5\.7\.1 More than one From address/);
      expect(await runtime.outbox()).toEqual([]);
      await runtime.stop();
    }
  });
});

describe('delete my data on one machine', () => {
  it("removes the raw mail files the user sent from the data folder, and keeps everyone else's", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-delete-'));
    const runtime = await startRuntime(runtimeConfig(dataDir, '2027-02-20T09:30:00Z', { maxMessageBytes: 1024 * 1024 }), QUIET_LOG);
    const inbound = () => readdirSync(path.join(dataDir, 'inbound')).sort();
    const reply = async (to: string, text: string, n: number) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
      await transport.sendMail({ from: 'alex@example.com', to, subject: 'Re: Rapport', messageId: `<delete-${n}@example.com>`, text });
      transport.close();
    };
    try {
      expect(await smtp(runtime, 'alex@example.com', inviteFrom('Alex Morgan <alex@example.com>', 10))).toMatch(/^250/);
      expect(await smtp(runtime, 'bo@example.net', inviteFrom('Bo <bo@example.net>', 11))).toMatch(/^250/);
      const bosFile = inbound()[1]!;
      expect(readFileSync(path.join(dataDir, 'inbound', bosFile), 'latin1')).toContain('From: Bo <bo@example.net>');

      await reply((await runtime.outbox())[0]!.replyTo!, 'delete my data', 1);
      await reply((await runtime.outbox()).at(-1)!.replyTo!, 'yes, delete my data', 2);

      expect((await runtime.outbox()).at(-1)!.text).toContain('the raw copies of 3 emails you sent Rapport');
      expect(inbound()).toEqual([bosFile]);
    } finally {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
