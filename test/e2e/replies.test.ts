import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRuntime, type LocalRuntime } from '../../functions/local/runtime';
import { outboxOf, runtimeConfig, sendOverSmtp } from '../support/runtime-driver';

/**
 * Replies as people write them, through `npm start`'s SMTP server and read back from its outbox:
 * other languages' quote headers and phone signatures, and the answers Rapport itself asks for.
 */
const USER = 'Eva Musterfrau <eva@example.de>';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('npm start: replies in the user’s own words', () => {
  let dataDir: string;
  let runtime: LocalRuntime | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-e2e-replies-'));
  });
  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the interview from a German iPhone reply to "No invitation found"', async () => {
    runtime = await startRuntime(runtimeConfig(dataDir, '2027-03-01T09:00:00Z'), quiet);
    const forward = `From: ${USER}\nTo: log@rapport.localhost\nSubject: Fwd: Kaffee?\nMessage-ID: <kaffee-1@example.de>\nDate: Mon, 1 Mar 2027 10:00:00 +0100\n\nHast du nächste Woche Zeit für einen Kaffee?\n`;
    expect(await sendOverSmtp(runtime, forward, { from: 'eva@example.de', to: 'log@rapport.localhost' })).toMatch(/^250/);
    const [question] = await outboxOf(runtime);
    expect(question!.subject).toBe('No invitation found in “Fwd: Kaffee?”');

    const answer = [
      `From: ${USER}`,
      `To: ${question!.replyTo}`,
      'Subject: Re: No invitation found',
      'Message-ID: <antwort-1@example.de>',
      'Date: Mon, 1 Mar 2027 11:00:00 +0100',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thu 4 Mar 15:00, 30 minutes, with Jane Doe <jane@example.com> from Acme',
      '',
      'Von meinem iPhone gesendet',
      '',
      'Am 01.03.2027 um 10:00 schrieb Rapport <log@rapport.localhost>:',
      '',
      '> We couldn’t find an invitation',
      '',
    ].join('\n');
    expect(await sendOverSmtp(runtime, answer, { from: 'eva@example.de', to: question!.replyTo! })).toMatch(/^250/);
    const outbox = await outboxOf(runtime);
    expect(outbox).toHaveLength(2);
    const confirmation = outbox[1]!;
    // The user's zone came from the +0100 of the first forward: Berlin.
    expect(confirmation.subject).toBe('Logged: chat with Jane Doe (Acme) — Thu 4 Mar 15:00 CET');
    expect(confirmation.text).toContain('Jane Doe');
    expect(confirmation.text).not.toContain('iPhone');
  });
});
