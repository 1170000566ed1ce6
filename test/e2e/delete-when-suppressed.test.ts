import { readFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { CONTROL_SECRET_HEADER, readControlSecret } from '../../functions/local/control-secret';
import type { LocalRuntime } from '../../functions/local/runtime';
import { runtimePerTest, sendOverSmtp, waitForOutbox } from '../support/runtime-driver';
import { withFrom } from '../support/workflow-harness';

/**
 * An address Rapport stopped mailing (a hard bounce, a complaint) gets nothing more, but it can
 * still have its data deleted: the confirmation request is the one email it is sent.
 */
const START = '2027-02-20T09:30:00Z';
const USER = 'alex@example.com';

async function reply(runtime: LocalRuntime, to: string, text: string, n: number): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: USER, to, subject: 'Re: Rapport', messageId: `<suppressed-reply-${n}@example.com>`, text });
  } finally {
    transport.close();
  }
}

async function report(runtime: LocalRuntime, reason: 'bounce' | 'complaint'): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${runtime.webPort}/api/bounce`, {
    method: 'POST',
    headers: { [CONTROL_SECRET_HEADER]: readControlSecret(runtime.dataDir)!, 'content-type': 'application/json' },
    body: JSON.stringify({ address: USER, reason }),
  });
  expect(response.status).toBe(200);
}

describe('delete my data from an address Rapport stopped mailing', () => {
  const local = runtimePerTest('rapport-suppressed-');

  it.each(['bounce', 'complaint'] as const)('after a %s, sends the confirmation request and nothing else', async (reason) => {
    const runtime = await local.start(START);
    const invitation = withFrom(readFileSync(path.join(__dirname, '../../examples/coffee-chat.eml')), `Alex Morgan <${USER}>`);
    await sendOverSmtp(runtime, invitation.toString('utf8'), { from: USER, to: 'log@rapport.localhost' });
    const [logged] = await waitForOutbox(runtime, 1);
    await report(runtime, reason);

    await reply(runtime, logged!.replyTo!, 'She likes bees.', 1);
    await reply(runtime, logged!.replyTo!, 'delete my data', 2);
    const outbox = await waitForOutbox(runtime, 2);
    expect(outbox.map((m) => m.subject)).toEqual([logged!.subject, 'Confirm: delete everything Rapport keeps about you?']);
    expect(outbox[1]!.to).toBe(USER);
  });
});
