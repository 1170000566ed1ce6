import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { jsonLogger } from '../functions/commons/json-logger';
import { startRuntime, type LocalRuntime } from '../functions/local/runtime';
import { median, p95 } from './stats';

/**
 * `npm start`'s runtime in this process (dynalite, SMTP, outbox), driven from outside: bursts of
 * forwarded invitations over SMTP, and the `rapport outbox --json` command as a user runs it.
 */
const ROOT = path.resolve(__dirname, '..');
const START_AT = '2027-03-01T09:00:00Z';

export interface BurstFigures {
  oneUserP95Ms: number;
  manyUsersP95Ms: number;
  oneUserMedianMs: number;
  manyUsersMedianMs: number;
}

export async function withRuntime<T>(work: (runtime: LocalRuntime) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-'));
  const runtime = await startRuntime(
    {
      smtpPort: 0,
      webPort: 0,
      dataDir,
      startAt: new Date(START_AT),
      domain: 'rapport.localhost',
      allowedSenders: ['*'],
      maxMessageBytes: 1024 * 1024,
      tickMs: 3_600_000,
    },
    jsonLogger({ service: 'bench' }, () => undefined),
  );
  try {
    return await work(runtime);
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A forwarded Google-style invitation, each with its own UID and day, so none is a repeat. */
export function invitation(sender: string, n: number): string {
  const day = String(2 + (n % 25)).padStart(2, '0');
  const hour = String(9 + (n % 8)).padStart(2, '0');
  const calendar = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Rapport bench//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:bench-${n}-${sender}`,
    `DTSTART:202703${day}T${hour}0000Z`,
    `DTEND:202703${day}T${hour}3000Z`,
    `DTSTAMP:20270301T080000Z`,
    `SUMMARY:Coffee chat ${n}`,
    `ORGANIZER;CN=Contact ${n}:mailto:contact${n}@northwind.example`,
    `ATTENDEE;CN=Sender;PARTSTAT=ACCEPTED:mailto:${sender}`,
    `ATTENDEE;CN=Contact ${n}:mailto:contact${n}@northwind.example`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  return [
    `From: <${sender}>`,
    'To: log@rapport.localhost',
    `Subject: Fwd: Invitation: Coffee chat ${n}`,
    'Date: Mon, 1 Mar 2027 09:00:00 +0000',
    `Message-ID: <bench-${n}-${sender}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    `Coffee chat ${n}`,
    '',
    '--b',
    'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
    '',
    calendar,
    '',
    '--b--',
    '',
  ].join('\r\n');
}

/** Sends every message at once, each on its own connection; the time until each SMTP answer. */
async function burst(runtime: LocalRuntime, messages: { from: string; raw: string }[]): Promise<number[]> {
  return Promise.all(
    messages.map(async ({ from, raw }) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
      const start = performance.now();
      try {
        const info = await transport.sendMail({ envelope: { from, to: 'log@rapport.localhost' }, raw });
        if (!/^250/.test(info.response)) throw new Error(`SMTP answered ${info.response}`);
        return performance.now() - start;
      } finally {
        transport.close();
      }
    }),
  );
}

export async function benchInboundBurst(size: number): Promise<BurstFigures> {
  const one = await withRuntime((runtime) =>
    burst(
      runtime,
      Array.from({ length: size }, (_, n) => ({ from: 'one@bench.example', raw: invitation('one@bench.example', n) })),
    ),
  );
  const many = await withRuntime((runtime) =>
    burst(
      runtime,
      Array.from({ length: size }, (_, n) => ({ from: `user${n}@bench.example`, raw: invitation(`user${n}@bench.example`, n) })),
    ),
  );
  return { oneUserP95Ms: p95(one), manyUsersP95Ms: p95(many), oneUserMedianMs: median(one), manyUsersMedianMs: median(many) };
}

const REPORT_CPU = path.join(tmpdir(), 'rapport-bench-report-cpu.cjs');

/**
 * CPU (user + system) of whole `rapport outbox --json` processes against a running instance
 * holding `emails` sent emails; the median of `runs`. The first, untimed run lets bin/rapport.js
 * rebuild its bundle if the sources changed (as a developer's first run after an edit does).
 */
export async function benchCliOutbox(emails: number, runs: number): Promise<number> {
  writeFileSync(
    REPORT_CPU,
    "process.on('exit',()=>{const u=process.cpuUsage();require('fs').writeSync(2,'\\nCPU '+(u.user+u.system)/1000+'\\n')});",
  );
  return withRuntime(async (runtime) => {
    await burst(
      runtime,
      Array.from({ length: emails }, (_, n) => ({ from: `user${n}@bench.example`, raw: invitation(`user${n}@bench.example`, n) })),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, RAPPORT_DATA_DIR: runtime.dataDir, NODE_OPTIONS: `--require ${REPORT_CPU}` };
    delete env.RAPPORT_WEB_PORT;
    delete env.RAPPORT_SMTP_PORT;
    // Asynchronously: the instance answering the command runs in this very process.
    const runOnce = async (): Promise<number> => {
      const stderr = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          [path.join(ROOT, 'bin', 'rapport.js'), 'outbox', '--json'],
          { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 },
          (error, _stdout, err) => (error ? reject(new Error(`rapport outbox failed: ${err}`)) : resolve(err)),
        );
      });
      return Number(/CPU ([\d.]+)/.exec(stderr)?.[1] ?? Number.NaN);
    };
    await runOnce();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await runOnce());
    return median(samples);
  });
}
