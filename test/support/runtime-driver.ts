import nodemailer from 'nodemailer';
import type { LocalConfig } from '../../functions/local/config';
import { CONTROL_SECRET_HEADER, readControlSecret } from '../../functions/local/control-secret';
import { startRuntime, type LocalRuntime } from '../../functions/local/runtime';
import type { OutboxEntry } from '../../functions/local/web';
import type { Logger } from '../../functions/ports';
import { QUIET_LOG } from './quiet-log';
import { tempDirPerTest } from './temp-dir';

/** Drives `npm start`'s runtime as a person does: mail in over SMTP, the outbox and clock over its web API. */
export function runtimeConfig(dataDir: string, startAt: string, overrides: Partial<LocalConfig> = {}): LocalConfig {
  return {
    smtpPort: 0,
    webPort: 0,
    dataDir,
    startAt: new Date(startAt),
    domain: 'rapport.localhost',
    allowedSenders: ['*'],
    maxMessageBytes: 256 * 1024,
    tickMs: 60_000,
    ...overrides,
  };
}

export async function sendOverSmtp(runtime: LocalRuntime, raw: string, envelope: { from: string; to: string }): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope, raw: raw.replace(/\r?\n/g, '\r\n') })).response;
  } finally {
    transport.close();
  }
}

export async function outboxOf(runtime: LocalRuntime): Promise<OutboxEntry[]> {
  const response = await fetch(`http://127.0.0.1:${runtime.webPort}/api/outbox`, {
    headers: { [CONTROL_SECRET_HEADER]: readControlSecret(runtime.dataDir)! },
  });
  if (!response.ok) throw new Error(`outbox: HTTP ${response.status}`);
  return (await response.json()) as OutboxEntry[];
}

/** The outbox once it holds `count` emails: the runtime answers SMTP before the workflow's mail is written. */
export async function waitForOutbox(runtime: LocalRuntime, count: number): Promise<OutboxEntry[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const outbox = await outboxOf(runtime);
    if (outbox.length >= count) return outbox;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return outboxOf(runtime);
}

/** What `rapport tick` prints, as the control API answers it: the schedules fired up to `until`. */
export async function tick(runtime: LocalRuntime, until: string): Promise<{ name: string; outcome: string }[]> {
  const response = await fetch(`http://127.0.0.1:${runtime.webPort}/api/tick`, {
    method: 'POST',
    headers: { [CONTROL_SECRET_HEADER]: readControlSecret(runtime.dataDir)!, 'content-type': 'application/json' },
    body: JSON.stringify({ until }),
  });
  expect(response.ok).toBe(true);
  return ((await response.json()) as { fired: { name: string; outcome: string }[] }).fired;
}

export interface RuntimePerTest {
  /** This test's own data directory (fresh, empty). */
  readonly dataDir: string;
  /** The runtime this test started last. */
  readonly runtime: LocalRuntime;
  /** Starts `npm start`'s runtime on this test's data directory, its clock at `startAt`. */
  start(startAt: string, overrides?: Partial<LocalConfig>, log?: Logger): Promise<LocalRuntime>;
}

/**
 * Gives every test of the enclosing `describe` a data directory of its own and stops the runtime
 * it started once it ends, pass or fail, so no test reads another's mail or leaves ports open.
 */
export function runtimePerTest(tempPrefix: string): RuntimePerTest {
  let current: LocalRuntime | undefined;
  // Declared before the directory's hooks: jest runs a block's afterEach hooks in the order they
  // were declared, so the runtime stops before its data directory is removed.
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  const dir = tempDirPerTest(tempPrefix);
  return {
    get dataDir() {
      return dir.path;
    },
    get runtime() {
      if (current === undefined) throw new Error('runtimePerTest: this test has not started a runtime');
      return current;
    },
    async start(startAt, overrides = {}, log = QUIET_LOG) {
      current = await startRuntime(runtimeConfig(dir.path, startAt, overrides), log);
      return current;
    },
  };
}
