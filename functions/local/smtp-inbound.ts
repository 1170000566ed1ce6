import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { rawFromAddresses } from '../inbound/from-header';
import { envelopeRefusal } from '../inbound/sender-policy';
import { MAX_HEADER_SECTION_BYTES } from '../inbound/header-budget';
import type { Logger } from '../ports';
import type { Envelope } from '../inbound/read-inbound-mail';
import { InboundInProgressError } from '../workflows/handle-inbound-email';

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
  /** Connections one client (remote address) may hold open at once; MAX_CONNECTIONS_PER_CLIENT by default. */
  maxConnectionsPerClient?: number;
  /** Runs the inbound workflow; a throw becomes a temporary SMTP failure, so the client retries. */
  deliver(raw: Buffer, envelope: Omit<Envelope, 'receivedAt'>): Promise<unknown>;
}

export interface SmtpInbound {
  port: number;
  close(): Promise<void>;
}

/**
 * Connections one client may hold open at once: a burst of 50 forwards fits, a client opening
 * connections without end (each holds a socket and a session) does not.
 */
export const MAX_CONNECTIONS_PER_CLIENT = 64;

/**
 * The local front door, standing in for SES receiving: any SMTP client can deliver here, and
 * each message goes through the same inbound workflow. Like SES, it accepts mail only for its
 * own domain and refuses oversized mail at the SMTP level (552), counting it as it streams by
 * without keeping it, and a header section past the budget every reader shares; and since
 * there is no SPF/DKIM here, it refuses (550) a message with several From addresses, or, with an
 * allow-list set, one whose envelope sender is not its From (sender-policy.ts envelopeRefusal).
 */
export async function startSmtpInbound(options: SmtpInboundOptions): Promise<SmtpInbound> {
  let deliveries = 0;
  const perClient = connectionsPerClient(options.maxConnectionsPerClient ?? MAX_CONNECTIONS_PER_CLIENT);
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
    onConnect(session, callback) {
      if (perClient.open(session)) return callback();
      options.log.warn('inbound refused: too many connections', { client: session.remoteAddress });
      callback(new SmtpError(421, '4.7.0 Too many connections from your address; try again later'));
    },
    onClose(session) {
      perClient.close(session);
    },
    onRcptTo(address, _session, callback) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (domain !== options.domain) return callback(new SmtpError(550, `5.1.1 Rapport only accepts mail for @${options.domain}`));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const message = keptWithin(options.maxMessageBytes);
      stream.on('data', message.add);
      stream.on('end', () => {
        const raw = message.bytes();
        if (stream.sizeExceeded || raw === undefined) {
          options.log.warn('inbound refused: too large', { limit: options.maxMessageBytes });
          return callback(new SmtpError(552, `5.3.4 Message too big: Rapport accepts up to ${options.maxMessageBytes} bytes`));
        }
        const mailFrom = session.envelope.mailFrom;
        const envelopeFrom = mailFrom === false ? '' : mailFrom.address;
        const fromAddresses = rawFromAddresses(raw);
        if (fromAddresses === undefined) {
          options.log.warn('inbound refused: header section too large', { limit: MAX_HEADER_SECTION_BYTES });
          return callback(
            new SmtpError(552, `5.3.4 Header section too big: Rapport reads up to ${MAX_HEADER_SECTION_BYTES} bytes of headers`),
          );
        }
        const refusal = envelopeRefusal({ fromAddresses, envelopeFrom, allowed: options.allowedSenders });
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
              // Another delivery of this message is being processed: expected under at-least-once delivery.
              if (error instanceof InboundInProgressError)
                options.log.info('inbound duplicate in flight: retry later', { why: error.message });
              else options.log.error('inbound failed', { error });
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

/** Open connections by client address; a refused connection never counts, so its close frees nothing. */
function connectionsPerClient(limit: number) {
  const open = new Map<string, number>();
  const counted = new Set<string>();
  return {
    open(session: SMTPServerSession): boolean {
      const count = open.get(session.remoteAddress) ?? 0;
      if (count >= limit) return false;
      open.set(session.remoteAddress, count + 1);
      counted.add(session.id);
      return true;
    },
    close(session: SMTPServerSession): void {
      if (!counted.delete(session.id)) return;
      const count = (open.get(session.remoteAddress) ?? 1) - 1;
      if (count > 0) open.set(session.remoteAddress, count);
      else open.delete(session.remoteAddress);
    },
  };
}

/** Counts the bytes streaming by and keeps them only while within `limit`: a 1 GB message costs no memory. */
function keptWithin(limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk: Buffer): void {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    },
    /** What came, or undefined when it was over the limit. */
    bytes: (): Buffer | undefined => (size <= limit ? Buffer.concat(chunks) : undefined),
  };
}
