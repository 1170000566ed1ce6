import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startRuntime, type LocalRuntime } from '../../functions/local/runtime';
import nodemailer from 'nodemailer';
import { withFrom } from '../support/workflow-harness';
import { HANG_GUARD_MS } from '../support/hang-guard';

/**
 * `npm start` retries a failed firing as EventBridge Scheduler would — backoff within the retry
 * policy (10 retries, a day at most) — and then gives it up to a dead-letter list that `rapport
 * outbox` shows, with a `send given up` log line carrying the SendsGivenUp metric. The failure is
 * real: the outbox folder is replaced by a file, so writing an email fails as a full disk would.
 */
const ROOT = path.resolve(__dirname, '../..');
const USER = 'Alex Morgan <alex@example.com>';
const run = promisify(execFile);

describe('npm start: a failed reminder is retried, then given up where you can see it', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  const lines: Record<string, unknown>[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, ...fields });

  const outboxDir = () => path.join(dataDir, 'outbox');
  const breakOutbox = () => {
    renameSync(outboxDir(), `${outboxDir()}.kept`);
    writeFileSync(outboxDir(), 'not a folder');
  };
  const repairOutbox = () => {
    rmSync(outboxDir());
    renameSync(`${outboxDir()}.kept`, outboxDir());
  };
  const subjects = async () => (await runtime.outbox()).map((m) => m.subject);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-retries-'));
    runtime = await startRuntime(
      {
        smtpPort: 0,
        webPort: 0,
        dataDir,
        startAt: new Date('2027-02-25T09:30:00Z'),
        domain: 'rapport.localhost',
        allowedSenders: ['*'],
        maxMessageBytes: 1024 * 1024,
        tickMs: 3_600_000,
      },
      { info: log('info'), warn: log('warn'), error: log('error') },
    );
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
    const raw = withFrom(readFileSync(path.join(ROOT, 'examples/coffee-chat.eml')), USER);
    await transport.sendMail({ envelope: { from: 'alex@example.com', to: `log@${runtime.domain}` }, raw });
    transport.close();
    expect(await subjects()).toEqual([expect.stringMatching(/^Logged: /)]);
  });
  afterAll(async () => {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'retries the prep brief with backoff while sending fails, and sends it once when sending works again',
    async () => {
      breakOutbox();
      // The digest is due 07:00 UTC on Monday 1 March, the prep brief 14:00 UTC.
      const failing = await runtime.tick(new Date('2027-03-01T14:05:00Z'));
      const prep = failing.fired.filter((f) => f.name.endsWith('-prep'));
      expect(prep.map((f) => [f.atUtc, f.outcome.replace(/: .*; /, ': …; ')])).toEqual([
        ['2027-03-01T14:00:00.000Z', 'failed (attempt 1): …; retrying at 2027-03-01T14:01:00.000Z'],
        ['2027-03-01T14:01:00.000Z', 'failed (attempt 2): …; retrying at 2027-03-01T14:03:00.000Z'],
        ['2027-03-01T14:03:00.000Z', 'failed (attempt 3): …; retrying at 2027-03-01T14:07:00.000Z'],
      ]);
      repairOutbox();
      const recovered = await runtime.tick(new Date('2027-03-01T16:00:00Z'));
      expect(recovered.fired.map((f) => [f.name.replace(/^[0-9a-f]+-/, ''), f.atUtc, f.outcome])).toEqual([
        ['prep', '2027-03-01T14:07:00.000Z', 'sent'],
        ['digest', '2027-03-01T15:31:00.000Z', 'sent'],
      ]);
      const sent = await subjects();
      expect(sent.filter((s) => s.startsWith('Prep brief:'))).toHaveLength(1);
      expect(sent.filter((s) => s.startsWith('Your week'))).toHaveLength(1);
    },
    HANG_GUARD_MS,
  );

  it(
    'gives the thank-you draft and the nudge up after ten retries, and rapport outbox and the log say so',
    async () => {
      breakOutbox();
      const failing = await runtime.tick(new Date('2027-03-04T12:00:00Z'));
      repairOutbox();
      const thanks = failing.fired.filter((f) => f.name.endsWith('-thanks'));
      expect(thanks).toHaveLength(11);
      expect(thanks.at(-1)!.outcome).toMatch(/^given up after 11 attempts: /);
      expect(failing.fired.filter((f) => f.name.endsWith('-nudge')).at(-1)!.outcome).toMatch(/^given up after 11 attempts: /);
      expect((await subjects()).some((s) => s.startsWith('Thank-you draft'))).toBe(false);

      const givenUpLines = lines.filter((l) => l.message === 'send given up');
      expect(givenUpLines).toHaveLength(2);
      expect(givenUpLines[0]).toMatchObject({
        level: 'error',
        key: expect.stringMatching(/-thanks$/),
        SendsGivenUp: 1,
        _aws: { CloudWatchMetrics: [{ Namespace: 'Rapport', Dimensions: [[]], Metrics: [{ Name: 'SendsGivenUp', Unit: 'Count' }] }] },
      });

      const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rapport.js'), 'outbox'], {
        cwd: ROOT,
        env: { ...process.env, RAPPORT_DATA_DIR: dataDir },
      });
      expect(stdout).toContain('Prep brief:');
      expect(stderr).toMatch(/^Given up after retries \(2\):\n/);
      expect(stderr).toMatch(/thank-you \([0-9a-f]+-thanks\), due 2027-03-02T15:30:00\.000Z, 11 attempts: /);
      expect(stderr).toMatch(/thank-you-nudge \([0-9a-f]+-nudge\), due 2027-03-03T10:30:00\.000Z, 11 attempts: /);
    },
    HANG_GUARD_MS,
  );
});
