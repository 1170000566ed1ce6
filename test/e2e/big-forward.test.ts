import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { MAX_MESSAGE_BYTES } from '../../functions/inbound/parse-message';
import type { LocalRuntime } from '../../functions/local/runtime';
import { outboxOf, runtimePerTest, waitForOutbox } from '../support/runtime-driver';
import { CORPUS, withFrom } from '../support/workflow-harness';

/**
 * Issue 24: an invitation forwarded with a 20 MB attachment (SES delivers up to 40 MB) is logged,
 * over SMTP to `npm start`'s runtime with its size limit raised to SES's. The attachment's body
 * cannot hold an invitation, so it is left out unread instead of spending the read budget.
 */
const USER = 'Homer Simpson <homer@example.com>';
const START = '2020-11-25T10:00:00Z';
const MB = 1024 * 1024;

/** The corpus Teams invitation, with a `deck.pdf` of `bytes` random bytes attached beside it (multipart/mixed). */
function withAttachment(raw: Buffer, bytes: number): Buffer {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const contentType = /^Content-Type:.*(?:\r\n[ \t].*)*/im.exec(text.slice(0, split))![0];
  const headers = text.slice(0, split).replace(contentType, 'Content-Type: multipart/mixed; boundary="big-forward"');
  const pdf = randomBytes(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  const attachment = [
    'Content-Type: application/pdf; name="deck.pdf"',
    'Content-Disposition: attachment; filename="deck.pdf"',
    'Content-Transfer-Encoding: base64',
  ];
  const parts = ['--big-forward', contentType, '', text.slice(split + 4), '--big-forward', ...attachment, '', pdf, '--big-forward--', ''];
  return Buffer.from([headers, '', ...parts].join('\r\n'), 'latin1');
}

/** `inner` forwarded as an attachment (message/rfc822) by the user, with a line of their own. */
function forwardedAsAttachment(inner: Buffer): Buffer {
  const outer = [
    `From: ${USER}`,
    'To: log@rapport.localhost',
    'Subject: Fwd: call with Marge',
    'Date: Wed, 25 Nov 2020 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer-forward"',
    '',
    '--outer-forward',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please log this one.',
    '--outer-forward',
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment; filename="call.eml"',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(outer, 'latin1'), inner, Buffer.from('\r\n--outer-forward--\r\n', 'latin1')]);
}

async function smtpSend(runtime: LocalRuntime, raw: Buffer): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: runtime.smtpPort, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope: { from: 'homer@example.com', to: `log@${runtime.domain}` }, raw })).response;
  } finally {
    transport.close();
  }
}

describe('a forward with a large attachment', () => {
  const local = runtimePerTest('rapport-big-forward-');

  it('logs the invitation beside a 20 MB attachment', async () => {
    const runtime = await local.start(START, { maxMessageBytes: MAX_MESSAGE_BYTES });
    const raw = withAttachment(withFrom(readFileSync(path.join(CORPUS, 'invites/outlook_exchange_teams_invite.eml')), USER), 20 * MB);
    expect(raw.length).toBeGreaterThan(26 * MB);
    expect(await smtpSend(runtime, raw)).toMatch(/^250/);
    const outbox = await waitForOutbox(runtime, 1);
    expect(outbox.map((m) => m.subject)).toEqual(['Logged: call with Marge — Wed 2 Dec 17:00 GMT']);
    expect(await outboxOf(runtime)).toHaveLength(1);
  }, 120_000);

  it('logs the invitation of a forwarded message/rfc822 part that carries a 20 MB attachment', async () => {
    const runtime = await local.start(START, { maxMessageBytes: MAX_MESSAGE_BYTES });
    const inner = withAttachment(readFileSync(path.join(CORPUS, 'invites/outlook_exchange_teams_invite.eml')), 20 * MB);
    const raw = forwardedAsAttachment(inner);
    expect(raw.length).toBeGreaterThan(26 * MB);
    expect(await smtpSend(runtime, raw)).toMatch(/^250/);
    const outbox = await waitForOutbox(runtime, 1);
    expect(outbox.map((m) => m.subject)).toEqual(['Logged: call with Marge — Wed 2 Dec 17:00 GMT']);
  }, 120_000);
});
