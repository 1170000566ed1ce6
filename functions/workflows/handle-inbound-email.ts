import { countMetric, INBOUND_IGNORED_METRIC } from '../commons/metrics';
import { REPORT_KINDS, type ReportKind } from '../domain/follow-up-commands';
import { inboundMessageKey } from '../domain/ids';
import type { InboundMail } from '../inbound/inbound-mail';
import { renderNotEnabled } from '../emails/not-enabled';
import type { RenderedEmail } from '../emails/shared';
import { readReplyAddress, REPLY_LOCAL_PREFIX } from '../domain/reply-token';
import { automatedReason, isAllowedSender } from '../inbound/sender-policy';
import type { Deps } from './deps';
import { outboundEmail } from './envelope';
import { answerHelp } from './answer-help';
import { answerPendingInvitation } from './answer-pending';
import { handleReply } from './handle-reply';
import { logInterview } from './log-interview';
import { requestReport } from './request-report';
import { HELP_LOCAL } from '../domain/reply-readers';

/** Duplicate deliveries of one message are dropped for this long (SES and SMTP retries come within hours). */
const INBOUND_DEDUPE_SECONDS = 7 * 24 * 3600;

/**
 * How long one delivery holds a message while processing it. Longer than process-inbound's
 * timeout (60 s), so a live run is never overtaken; shorter than SQS's visibility timeout (6 min),
 * so the redelivery of a run that was killed (timeout, out of memory) finds the lease expired.
 */
const INBOUND_LEASE_SECONDS = 120;

/** Another delivery of the same message is being processed (or died doing so): retry later. */
export class InboundInProgressError extends Error {
  override name = 'InboundInProgressError';
}

export type InboundOutcome =
  { handled: true; route: 'log' | 'reply' | 'help' | 'not-enabled' | ReportKind; detail?: unknown } | { handled: false; why: string };

/**
 * Every inbound email, SES or SMTP, as read by `readInboundMail`: drop what must never be answered, then route by the
 * address it was sent to — `reply+<token>@` to the reply workflow, `help@` to help, `list@`,
 * `contacts@` and `export@` to those answers, anything else to logging an invitation.
 */
export async function handleInboundEmail(deps: Deps, mail: InboundMail): Promise<InboundOutcome> {
  const sender = mail.from;
  const ignored = automatedReason({
    headers: { get: (name) => mail.headers.find((h) => h.key === name.toLowerCase())?.value },
    fromAddress: sender?.address,
    envelopeFrom: mail.envelopeFrom,
    ownDomain: deps.config.domain,
  });
  if (!sender) return ignore(deps, ignored ?? 'no sender', mail);
  // Before anything else, so that whatever happens next, `delete my data` finds this raw message.
  const knownUserId = await recordRawMail(deps, mail, sender.address);
  if (ignored) return ignore(deps, ignored, mail);
  if (!mail.authenticated) return ignore(deps, 'sender did not authenticate', mail);

  const key = inboundMessageKey(`${sender.address.toLowerCase()}\n${mail.messageId ?? mail.deliveryId}`);
  const lease = await deps.store.leaseInbound(key, INBOUND_LEASE_SECONDS);
  if (lease.state === 'done') return ignore(deps, 'duplicate delivery', mail);
  if (lease.state === 'pending')
    throw new InboundInProgressError(`inbound ${key} is being processed until ${lease.expiresAt.toISOString()}`);

  try {
    const outcome = await route(deps, mail, sender.address, key);
    // The message that made them a user (a first invitation) is theirs too.
    if (!knownUserId) await recordRawMail(deps, mail, sender.address);
    // Done only now: a run killed before this line leaves a lease that expires, and the redelivery processes the message.
    await deps.store.completeInbound(key, INBOUND_DEDUPE_SECONDS);
    return outcome;
  } catch (error) {
    // Give the message back so the transport's retry (SQS redelivery, SMTP 4xx) processes it; every step is safe to repeat.
    await deps.store.releaseInbound(key, lease.token).catch((releaseError: unknown) => {
      deps.log.warn('inbound lease not released', { key, error: String(releaseError) });
    });
    throw error;
  }
}

async function route(deps: Deps, mail: InboundMail, senderAddress: string, key: string): Promise<InboundOutcome> {
  // Answers that store nothing (the sender may not even be a user): the inbound lease makes them once.
  const answer = async (rendered: RenderedEmail) =>
    deps.mailer.send(await outboundEmail(deps, { to: senderAddress, thread: mail.messageId, autoSubmitted: 'auto-replied' }, rendered));

  if (!isAllowedSender(senderAddress, deps.config.allowedSenders)) {
    await answer(renderNotEnabled({ domain: deps.config.domain, senderEmail: senderAddress }));
    return { handled: true, route: 'not-enabled' };
  }
  const ours = mail.recipients.map((r) => r.toLowerCase()).filter((r) => r.endsWith(`@${deps.config.domain.toLowerCase()}`));
  const replyTo = ours.find((r) => r.startsWith(REPLY_LOCAL_PREFIX));
  if (replyTo) {
    const token = readReplyAddress(replyTo, await deps.config.tokenKeys(), deps.clock.now());
    // An answer to "When is it?" goes on only with a valid token: anything else is handled (and explained) as a reply.
    if (token.status === 'valid' && token.target.kind === 'pending') {
      return { handled: true, route: 'reply', detail: await answerPendingInvitation(deps, mail, token.target, key) };
    }
    return { handled: true, route: 'reply', detail: await handleReply(deps, mail, token, key) };
  }
  if (ours.length > 0 && ours.every((r) => r.startsWith(`${HELP_LOCAL}@`))) {
    return { handled: true, route: 'help', detail: await answerHelp(deps, mail, senderAddress) };
  }
  const report = reportAsked(ours);
  if (report) {
    const userId = await deps.store.findUserIdByEmail(senderAddress);
    const user = userId ? await deps.store.getUser(userId) : undefined;
    // Nobody's data to list: the help says how to start.
    if (!user) return { handled: true, route: 'help', detail: await answerHelp(deps, mail, senderAddress) };
    await requestReport(deps, user, report, { messageKey: key, ...(mail.messageId ? { inReplyTo: mail.messageId } : {}) });
    return { handled: true, route: report };
  }
  return { handled: true, route: 'log', detail: await logInterview(deps, mail, key) };
}

/**
 * Remembers the raw message of this delivery as the user's, when the sender is one (the raw
 * mail is kept by delivery id: RawMailStore.keyFor). Returns the user id, if any.
 */
async function recordRawMail(deps: Deps, mail: InboundMail, address: string): Promise<string | undefined> {
  const userId = await deps.store.findUserIdByEmail(address);
  if (userId) await deps.store.recordRawMail(userId, deps.rawMail.keyFor(mail.deliveryId));
  return userId;
}

/** `list@`, `contacts@` or `export@` the domain, when every one of our addresses it went to is that one. */
function reportAsked(ours: readonly string[]): ReportKind | undefined {
  const locals = new Set(ours.map((address) => address.slice(0, address.lastIndexOf('@'))));
  const [only] = locals;
  return locals.size === 1 && REPORT_KINDS.includes(only as ReportKind) ? (only as ReportKind) : undefined;
}

function ignore(deps: Deps, why: string, mail: InboundMail): InboundOutcome {
  deps.log.info('inbound ignored', { why, deliveryId: mail.deliveryId, ...countMetric(INBOUND_IGNORED_METRIC, deps.clock.now()) });
  return { handled: false, why };
}
