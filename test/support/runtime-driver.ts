import nodemailer from 'nodemailer';
import type { LocalConfig } from '../../functions/local/config';
import { CONTROL_SECRET_HEADER, readControlSecret } from '../../functions/local/control-secret';
import type { LocalRuntime } from '../../functions/local/runtime';
import type { OutboxEntry } from '../../functions/local/web';

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
  const response = await fetch(`http://127.0.0.1:${runtime.webPort}/api/outbox`, { headers: { [CONTROL_SECRET_HEADER]: readControlSecret(runtime.dataDir)! } });
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
