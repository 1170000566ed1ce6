import nodemailer from 'nodemailer';
import { startSmtpInbound, type SmtpInbound } from '../../functions/local/smtp-inbound';
import type { Logger } from '../../functions/ports';
import { InboundInProgressError } from '../../functions/workflows/handle-inbound-email';

/**
 * A second delivery of a message still being processed is expected under at-least-once delivery:
 * it is told to retry (SMTP 451) and logged at info as a duplicate in flight, never as an error
 * with a stack that would page an operator. A real failure stays an error.
 */
function recordingLog() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  const log: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

async function deliverOnce(smtp: SmtpInbound): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  try {
    return (
      await transport.sendMail({
        envelope: { from: 'alex@example.com', to: 'log@rapport.localhost' },
        raw: 'From: alex@example.com\r\n\r\nhi\r\n',
      })
    ).response;
  } catch (error) {
    return (error as { response?: string }).response ?? String(error);
  } finally {
    transport.close();
  }
}

describe('the local SMTP server and deliveries that fail', () => {
  const start = (log: Logger, failure: Error) =>
    startSmtpInbound({
      port: 0,
      domain: 'rapport.localhost',
      maxMessageBytes: 1024 * 1024,
      allowedSenders: ['*'],
      log,
      deliver: () => Promise.reject(failure),
    });

  it('logs a duplicate delivery still in flight at info, as such, and asks the client to retry', async () => {
    const { log, lines } = recordingLog();
    const smtp = await start(log, new InboundInProgressError('inbound k is being processed until 2027-02-20T09:32:00.000Z'));
    try {
      expect(await deliverOnce(smtp)).toMatch(/^451 /);
    } finally {
      await smtp.close();
    }
    expect(lines.filter((l) => l.level !== 'info')).toEqual([]);
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'inbound duplicate in flight: retry later',
        fields: { why: expect.stringContaining('is being processed') },
      },
    ]);
  });

  it('logs any other failure as an error', async () => {
    const { log, lines } = recordingLog();
    const smtp = await start(log, new Error('table unreachable'));
    try {
      expect(await deliverOnce(smtp)).toMatch(/^451 /);
    } finally {
      await smtp.close();
    }
    expect(lines.map((l) => [l.level, l.message])).toEqual([['error', 'inbound failed']]);
  });
});
