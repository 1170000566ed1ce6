import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type Socket } from 'node:net';
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

/** A raw SMTP conversation, so the test controls every byte and can stream a message larger than memory. */
class RawSmtp {
  private readonly socket: Socket;
  private received = '';
  private waiting: (() => void) | undefined;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
      this.waiting?.();
    });
    this.socket.on('close', () => this.waiting?.());
    this.socket.on('error', () => this.waiting?.());
  }

  /** The next complete reply (its last line), or '' once the server closed the connection. */
  async reply(): Promise<string> {
    for (;;) {
      const end = /^\d{3} .*\r\n/m.exec(this.received);
      if (end) {
        const line = end[0].trim();
        this.received = this.received.slice(end.index + end[0].length);
        return line;
      }
      if (this.socket.destroyed || this.socket.readableEnded) return '';
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Writes `chunk` `times` times, waiting for the socket to drain, so the sender holds one chunk at a time. */
  async stream(chunk: Buffer, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      if (!this.socket.write(chunk)) await new Promise((resolve) => this.socket.once('drain', resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

describe("the local SMTP server's limits", () => {
  const local = runtimePerTest('rapport-smtp-limits-');

  it('reads the header section with the same budget as the parser: 270 padding headers do not hide a From from the allow-list', async () => {
    const runtime = await local.start('2027-02-20T09:30:00Z', { allowedSenders: ['example.com'], maxMessageBytes: 4 * 1024 * 1024 });
    const padding = Array.from({ length: 270 }, (_, n) => `X-Padding-${n}: ${'a'.repeat(1000)}`).join('\r\n');
    const invitation = inviteFrom('Alex Morgan <alex@example.com>', 5).toString('latin1');
    const hidden = Buffer.from(`${padding}\r\n${invitation}`, 'latin1');
    const answer = await smtp(runtime, 'eve@evil.example', hidden);
    expect(answer).toMatch(/^5\d\d /);
    expect(await runtime.outbox()).toEqual([]);
    expect(await runtime.deps.store.findUserIdByEmail('alex@example.com')).toBeUndefined();
  });

  it('refuses an oversized message with 552 by counting it as it streams, without holding it in memory', async () => {
    const runtime = await local.start('2027-02-20T09:30:00Z', { maxMessageBytes: 1024 * 1024 });
    const client = new RawSmtp(runtime.smtpPort);
    try {
      expect(await client.reply()).toMatch(/^220 /);
      expect(await client.command('EHLO test.example')).toMatch(/^250 /);
      expect(await client.command('MAIL FROM:<alex@example.com>')).toMatch(/^250 /);
      expect(await client.command('RCPT TO:<log@rapport.localhost>')).toMatch(/^250 /);
      expect(await client.command('DATA')).toMatch(/^354 /);
      const before = process.memoryUsage().arrayBuffers;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
      const line = Buffer.from(`${'x'.repeat(1022)}\r\n`);
      const chunk = Buffer.concat(Array.from({ length: 64 }, () => line));
      await client.stream(chunk, 2048); // 128 MiB
      const answer = await client.command('.');
      clearInterval(sampler);
      expect(answer).toMatch(/^552 5\.3\.4 /);
      // 128 MiB went through; the process held far less at once (V8 collects freed buffers every ~32 MiB).
      expect((peak - before) / 1024 / 1024).toBeLessThan(64);
    } finally {
      client.close();
    }
    expect(await runtime.outbox()).toEqual([]);
  });

  it('limits the connections one client holds open at once', async () => {
    const runtime = await local.start('2027-02-20T09:30:00Z', { maxSmtpConnectionsPerClient: 3 });
    const clients = Array.from({ length: 5 }, () => new RawSmtp(runtime.smtpPort));
    try {
      const greetings = await Promise.all(clients.map((c) => c.reply()));
      expect(greetings.filter((g) => g.startsWith('220 '))).toHaveLength(3);
      expect(greetings.filter((g) => g.startsWith('421 '))).toHaveLength(2);
      // A closed connection frees its place.
      clients[0]!.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = new RawSmtp(runtime.smtpPort);
      clients.push(next);
      expect(await next.reply()).toMatch(/^220 /);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
