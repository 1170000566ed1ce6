import { inboundMessageKey } from '../domain/ids';
import { MessageTooLargeError, parseMessage, UnreadableMessageError, type ParsedMessage } from '../mail/inbound/parse-message';
import { renderHelp, renderNotEnabled } from '../mail/outbound/render';
import { readReplyAddress, REPLY_LOCAL_PREFIX } from '../mail/reply-token';
import { automatedReason, isAllowedSender } from '../mail/sender-policy';
import { fromAddress, type Deps } from './deps';
import { handleReply } from './handle-reply';
import { logInterview } from './log-interview';

/** Duplicate deliveries of one message are dropped for this long (SES and SMTP retries come within hours). */
const INBOUND_DEDUPE_SECONDS = 7 * 24 * 3600;

export interface InboundEmail {
  raw: Uint8Array;
  /** SMTP MAIL FROM; empty for bounces. */
  envelopeFrom?: string;
  /** SMTP RCPT TO addresses. */
  recipients: readonly string[];
  /** Whether the sender's mail authenticated (SES: SPF/DKIM with DMARC alignment). */
  authenticated: boolean;
  /** The transport's id of this delivery (SES messageId), used when the message has no Message-ID. */
  deliveryId: string;
}

export type InboundOutcome = { handled: true; route: 'log' | 'reply' | 'help' | 'not-enabled'; detail?: unknown } | { handled: false; why: string };

/**
 * Every inbound email, SES or SMTP: drop what must never be answered, then route by the
 * address it was sent to — `reply+<token>@` to the reply workflow, `help@` to help, anything
 * else to logging an invitation.
 */
export async function handleInboundEmail(deps: Deps, email: InboundEmail): Promise<InboundOutcome> {
  let message: ParsedMessage;
  try {
    message = await parseMessage(email.raw);
  } catch (error) {
    // No readable From means no one to answer; the SMTP front door rejects oversize mail before this.
    if (error instanceof UnreadableMessageError || error instanceof MessageTooLargeError) return ignore(deps, error.message, email);
    throw error;
  }
  const sender = message.from;
  const ignored = automatedReason({
    headers: headerLookup(message),
    fromAddress: sender?.address,
    envelopeFrom: email.envelopeFrom,
    ownDomain: deps.config.domain,
  });
  if (ignored || !sender) return ignore(deps, ignored ?? 'no sender', email);
  if (!email.authenticated) return ignore(deps, 'sender did not authenticate', email);

  const key = inboundMessageKey(`${sender.address.toLowerCase()}\n${message.messageId ?? email.deliveryId}`);
  if (!(await deps.store.claimInboundMessage(key, INBOUND_DEDUPE_SECONDS))) return ignore(deps, 'duplicate delivery', email);

  try {
    if (!isAllowedSender(sender.address, deps.config.allowedSenders)) {
      await deps.mailer.send({
        from: fromAddress(deps.config),
        to: sender.address,
        ...(message.messageId ? { inReplyTo: message.messageId, references: [message.messageId] } : {}),
        autoSubmitted: 'auto-replied',
        ...renderNotEnabled({ domain: deps.config.domain, senderEmail: sender.address }),
      });
      return { handled: true, route: 'not-enabled' };
    }
    const ours = email.recipients.map((r) => r.toLowerCase()).filter((r) => r.endsWith(`@${deps.config.domain.toLowerCase()}`));
    const replyTo = ours.find((r) => r.startsWith(REPLY_LOCAL_PREFIX));
    if (replyTo) {
      const target = readReplyAddress(replyTo, deps.config.tokenSecret);
      return { handled: true, route: 'reply', detail: await handleReply(deps, message, target, key) };
    }
    if (ours.length > 0 && ours.every((r) => r.startsWith('help@'))) {
      await deps.mailer.send({
        from: fromAddress(deps.config),
        to: sender.address,
        ...(message.messageId ? { inReplyTo: message.messageId, references: [message.messageId] } : {}),
        autoSubmitted: 'auto-replied',
        ...renderHelp({ domain: deps.config.domain }),
      });
      return { handled: true, route: 'help' };
    }
    return { handled: true, route: 'log', detail: await logInterview(deps, message, key) };
  } catch (error) {
    // Give the message back so the transport's retry (Lambda async retry, SMTP 4xx) can process it.
    await deps.store.releaseInboundMessage(key);
    throw error;
  }
}

function ignore(deps: Deps, why: string, email: InboundEmail): InboundOutcome {
  deps.log.info('inbound ignored', { why, deliveryId: email.deliveryId });
  return { handled: false, why };
}

function headerLookup(message: ParsedMessage): { get(name: string): string | undefined } {
  return { get: (name) => message.headers.find((h) => h.key.toLowerCase() === name.toLowerCase())?.value };
}
