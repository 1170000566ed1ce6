import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** `rapport understand` as a person types it: a real process, its JSON and its exit code. */
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

async function rapport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rapport.js'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('rapport understand', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-understand-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  const ZONE = ['--now', '2027-03-01T09:00:00Z', '--zone', 'Europe/Berlin'];

  it('prints what a reply to a thank-you draft would do, as JSON', async () => {
    const reply = file(
      'thanks.txt',
      'Hi,\nSent it this morning.\nShe said hardware background is a big plus.\n\nBest regards\nAlex Morgan\nSenior Analyst\n',
    );
    const result = await rapport(['understand', reply, '--replying-to', 'thank-you', ...ZONE]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      commands: [{ command: 'sent' }],
      notes: ['She said hardware background is a big plus.'],
      ignored: ['Hi,', 'Best regards', 'Alex Morgan', 'Senior Analyst'],
      unclear: [],
    });
  });

  it('reads a reschedule in the user’s zone from an .eml, keeps the meeting’s length, and lists a question as unclear', async () => {
    const eml = file(
      'moved.eml',
      [
        'From: Alex Morgan <alex@example.org>',
        'To: reply+abc@rapport.localhost',
        'Subject: Re: Confirmed: Coffee chat',
        'Message-ID: <moved@example.org>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'She pushed it back to next Thursday 4pm',
        'can we do Friday at 10 instead?',
        'Donnerstag, 5. März 2027 um 15 Uhr verschoben',
        '',
        'On Mon, 1 Mar 2027 at 10:00, Rapport <log@rapport.localhost> wrote:',
        '> Confirmed: Coffee chat',
        '',
      ].join('\r\n'),
    );
    const meeting = ['--meeting-start', '2027-03-02T10:00:00Z', '--meeting-end', '2027-03-02T10:30:00Z'];
    const result = await rapport(['understand', eml, '--replying-to', 'confirmation', ...ZONE, ...meeting]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      commands: [{ command: 'reschedule', startUtc: '2027-03-11T15:00:00Z', endUtc: '2027-03-11T15:30:00Z' }],
      notes: [],
      ignored: [],
      unclear: ['can we do Friday at 10 instead?', 'Donnerstag, 5. März 2027 um 15 Uhr verschoben'],
    });
  });

  it('refuses an email kind it does not know, naming the option', async () => {
    const reply = file('plain.txt', 'sent\n');
    const result = await rapport(['understand', reply, '--replying-to', 'newsletter']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--replying-to: not an email kind: newsletter');
  });
});
