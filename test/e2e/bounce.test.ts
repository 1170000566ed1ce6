import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runtimePerTest } from '../support/runtime-driver';

/**
 * Bounces and complaints as an operator meets them on one machine: `npm start`'s runtime, the
 * bundled example invitation forwarded over SMTP, `rapport bounce` as a real process, then time
 * passing with `rapport tick` — and what the user's outbox and the operator's notices show.
 */
const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/coffee-chat.eml');
const run = promisify(execFile);

async function rapport(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rapport.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, RAPPORT_DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('rapport bounce: Rapport stops mailing a bouncing address and tells the operator', () => {
  const local = runtimePerTest('rapport-bounce-');
  beforeEach(async () => {
    await local.start('2027-02-20T09:30:00Z', { maxMessageBytes: 1024 * 1024 });
  });

  it('after a hard bounce, the prep brief and the thank-you draft are not sent, and the operator is told once', async () => {
    expect((await rapport(local.dataDir, ['send', EXAMPLE])).code).toBe(0);
    let outbox = await rapport(local.dataDir, ['outbox']);
    expect(outbox.stdout).toMatch(/to alex@example\.com {2}Logged: coffee chat with Priya Natarajan/);

    const bounce = await rapport(local.dataDir, ['bounce', 'Alex@Example.com']);
    expect(bounce).toMatchObject({ code: 0, stderr: '' });
    expect(bounce.stdout).toBe(
      'SES reported a hard bounce for alex@example.com: Rapport sends nothing more there.\n' +
        'The operator was told: Rapport stopped mailing alex@example.com (hard bounce)\n',
    );

    // The coffee chat is Tue 2 March 2027 15:00 Berlin: its prep brief is due on the 1st, the
    // thank-you draft an hour after it ends.
    const tick = await rapport(local.dataDir, ['tick', '--until', '2027-03-04T12:00:00Z']);
    expect(tick.code).toBe(0);
    expect(tick.stdout).toMatch(/-prep {2}suppressed\n/);
    expect(tick.stdout).toMatch(/-thanks {2}suppressed\n/);
    outbox = await rapport(local.dataDir, ['outbox']);
    expect(outbox.stdout.trim().split('\n')).toHaveLength(1);
    expect(outbox.stdout).not.toMatch(/Prep brief|Thank-you/i);

    // SES reports again (another bounce of the same address): nothing new for the operator.
    const again = await rapport(local.dataDir, ['bounce', 'alex@example.com']);
    expect(again.stdout).toContain('The operator had already been told about this address.');

    const page = await (await fetch(`http://127.0.0.1:${local.runtime.webPort}/`)).text();
    expect(page).toContain('Operator notices (1)');
    expect(page).toContain('Rapport will send nothing more to alex@example.com: SES reported a hard bounce (Permanent/General)');
  });

  it('a complaint stops the mail just the same; another user is still mailed', async () => {
    expect((await rapport(local.dataDir, ['send', EXAMPLE])).code).toBe(0);
    expect((await rapport(local.dataDir, ['send', EXAMPLE, '--from', 'Sam Lee <sam@example.org>'])).code).toBe(0);
    const complaint = await rapport(local.dataDir, ['bounce', 'alex@example.com', '--complaint']);
    expect(complaint.stdout).toContain('The operator was told: Rapport stopped mailing alex@example.com (spam complaint)');

    await rapport(local.dataDir, ['tick', '--until', '2027-03-02T12:00:00Z']);
    const outbox = (await rapport(local.dataDir, ['outbox'])).stdout;
    expect(outbox.match(/to alex@example\.com/g)).toHaveLength(1);
    expect(outbox).toMatch(/to sam@example\.org {2}Prep brief: coffee chat with Priya Natarajan/);
  });

  it('refuses something that is not an address, and says how to use the command', async () => {
    const wrong = await rapport(local.dataDir, ['bounce', 'not-an-address']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('address must be an email address');
    const usage = await rapport(local.dataDir, ['bounce']);
    expect(usage).toMatchObject({ code: 2, stderr: 'usage: rapport bounce ADDRESS [--complaint]\n' });
  });
});
