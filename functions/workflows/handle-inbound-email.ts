import { inboundMessageKey } from '../domain/ids';
import type { InboundMail } from '../mail/inbound/inbound-mail';
import { renderHelp } from '../mail/outbound/emails/help';
import { renderNotEnabled } from '../mail/outbound/emails/not-enabled';
import type { RenderedEmail } from '../mail/outbound/emails/shared';
import { readReplyAddress, REPLY_LOCAL_PREFIX } from '../mail/reply-token';
import { automatedReason, isAllowedSender } from '../mail/sender-policy';
import { fromAddress, type Deps } from './deps';
import { handleReply } from './handle-reply';
import { logInterview } from './log-interview';
import { threadHeaders } from './send-once';

/** Duplicate deliveries of one message are dropped for this long (SES and SMTP retries come within hours). */
const INBOUND_DEDUPE_SECONDS = 7 * 24 * 3600;

export type InboundOutcome = { handled: true; route: 'log' | 'reply' | 'help' | 'not-enabled'; detail?: unknown } | { handled: false; why: string };

/**
 * Every inbound email, SES or SMTP, as read by `readInboundMail`: drop what must never be answered, then route by the
 * address it was sent to — `reply+<token>@` to the reply workflow, `help@` to help, anything
 * else to logging an invitation.
 */
export async function handleInboundEmail(deps: Deps, mail: InboundMail): Promise<InboundOutcome> {
  const sender = mail.from;
  const ignored = automatedReason({
    headers: { get: (name) => mail.headers.find((h) => h.key === name.toLowerCase())?.value },
    fromAddress: sender?.address,
    envelopeFrom: mail.envelopeFrom,
    ownDomain: deps.config.domain,
  });
  if (ignored || !sender) return ignore(deps, ignored ?? 'no sender', mail);
  if (!mail.authenticated) return ignore(deps, 'sender did not authenticate', mail);

  const key = inboundMessageKey(`${sender.address.toLowerCase()}\n${mail.messageId ?? mail.deliveryId}`);
  if (!(await deps.store.claimInboundMessage(key, INBOUND_DEDUPE_SECONDS))) return ignore(deps, 'duplicate delivery', mail);

  // Answers that store nothing (the sender may not even be a user): the inbound claim makes them once.
  const answer = (rendered: RenderedEmail) =>
    deps.mailer.send({ from: fromAddress(deps.config), to: sender.address, ...threadHeaders(mail.messageId), autoSubmitted: 'auto-replied', ...rendered });

  try {
    if (!isAllowedSender(sender.address, deps.config.allowedSenders)) {
      await answer(renderNotEnabled({ domain: deps.config.domain, senderEmail: sender.address }));
      return { handled: true, route: 'not-enabled' };
    }
    const ours = mail.recipients.map((r) => r.toLowerCase()).filter((r) => r.endsWith(`@${deps.config.domain.toLowerCase()}`));
    const replyTo = ours.find((r) => r.startsWith(REPLY_LOCAL_PREFIX));
    if (replyTo) {
      const target = readReplyAddress(replyTo, deps.config.tokenSecret);
      return { handled: true, route: 'reply', detail: await handleReply(deps, mail, target, key) };
    }
    if (ours.length > 0 && ours.every((r) => r.startsWith('help@'))) {
      // A known user's help shows their own digest setting; anyone else gets the default.
      const userId = await deps.store.findUserIdByEmail(sender.address);
      const user = userId ? await deps.store.getUser(userId) : undefined;
      await answer(renderHelp({ domain: deps.config.domain, ...(user ? { user } : {}) }));
      return { handled: true, route: 'help' };
    }
    return { handled: true, route: 'log', detail: await logInterview(deps, mail, key) };
  } catch (error) {
    // Give the message back so the transport's retry (Lambda async retry, SMTP 4xx) can process it.
    await deps.store.releaseInboundMessage(key);
    throw error;
  }
}

function ignore(deps: Deps, why: string, mail: InboundMail): InboundOutcome {
  deps.log.info('inbound ignored', { why, deliveryId: mail.deliveryId });
  return { handled: false, why };
}
