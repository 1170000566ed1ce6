import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { rawFromAddresses } from '../inbound/from-header';
import { envelopeRefusal } from '../inbound/sender-policy';
import type { Logger } from '../ports';
import type { Envelope } from '../inbound/read-inbound-mail';

/** SMTP reply codes with the text a sender's client shows its user. */
class SmtpError extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface SmtpInboundOptions {
  port: number;
  domain: string;
  maxMessageBytes: number;
  /** The allow-list: once set (not `*`), MAIL FROM must be the From address. */
  allowedSenders: readonly string[];
  log: Logger;
  /** Runs the inbound workflow; a throw becomes a temporary SMTP failure, so the client retries. */
  deliver(raw: Buffer, envelope: Omit<Envelope, 'receivedAt'>): Promise<unknown>;
}

interface SmtpInbound {
  port: number;
  close(): Promise<void>;
}

/**
 * The local front door, standing in for SES receiving: any SMTP client can deliver here, and
 * each message goes through the same inbound workflow. Like SES, it accepts mail only for its
 * own domain and refuses oversized mail at the SMTP level (552), before reading it; and since
 * there is no SPF/DKIM here, it refuses (550) a message with several From addresses, or, with an
 * allow-list set, one whose envelope sender is not its From (sender-policy.ts envelopeRefusal).
 */
export async function startSmtpInbound(options: SmtpInboundOptions): Promise<SmtpInbound> {
  let deliveries = 0;
  const server = new SMTPServer({
    name: options.domain,
    banner: 'Rapport local inbound',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    // Nothing here reads the client's host name, and on a machine without a resolver each reverse
    // lookup waits ~0.3 s in one queue: 50 connections at once waited ~15 s for their answers.
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (domain !== options.domain) return callback(new SmtpError(550, `5.1.1 Rapport only accepts mail for @${options.domain}`));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          options.log.warn('inbound refused: too large', { limit: options.maxMessageBytes });
          return callback(new SmtpError(552, `5.3.4 Message too big: Rapport accepts up to ${options.maxMessageBytes} bytes`));
        }
        const mailFrom = session.envelope.mailFrom;
        const envelopeFrom = mailFrom === false ? '' : mailFrom.address;
        const raw = Buffer.concat(chunks);
        const refusal = envelopeRefusal({ fromAddresses: rawFromAddresses(raw), envelopeFrom, allowed: options.allowedSenders });
        if (refusal) {
          options.log.warn('inbound refused: sender', { why: refusal });
          return callback(new SmtpError(550, `5.7.1 ${refusal}`));
        }
        deliveries += 1;
        options
          .deliver(raw, {
            envelopeFrom,
            recipients: session.envelope.rcptTo.map((r) => r.address),
            // On your own machine there is no SPF/DKIM to check; the allow-list still applies.
            authenticated: true,
            deliveryId: `local-${Date.now()}-${deliveries}`,
          })
          .then(
            () => callback(),
            (error: unknown) => {
              options.log.error('inbound failed', { error });
              callback(new SmtpError(451, '4.3.0 Rapport could not process this message right now; try again'));
            },
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log.error('smtp server error', { error: error.message }));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
