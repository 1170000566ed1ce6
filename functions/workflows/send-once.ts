import { countMetric, SENDS_GIVEN_UP_METRIC } from '../commons/metrics';
import type { Suppression } from '../domain/model';
import { type OutboundEmail, PermanentSendError, type SendResult } from '../ports';
import type { Deps } from './deps';

/**
 * How long a send lease holds before another attempt may take it over. Longer than the longest
 * function timeout (60 s), so a live attempt is never overtaken; shorter than the first retry of
 * a dead one (Lambda retries async invocations after 1 and 2 more minutes, SQS hands a message
 * out again after 6 minutes), so a retry of an attempt that died sends.
 */
const SEND_LEASE_SECONDS = 120;

/** Writing down a send that went out is tried this often before it is left to the log. */
const RECORD_ATTEMPTS = 3;

/** Another attempt holds the send lease (or died holding it): retryable, the trigger comes again. */
class SendInProgressError extends Error {
  override name = 'SendInProgressError';
}

/** `suppressed`: not sent, on purpose, because Rapport stopped mailing the recipient's address. */
export type SendOutcome = 'sent' | 'already-sent' | 'given-up' | 'suppressed';

/**
 * Sends an email exactly once per key under at-least-once triggers, as far as a send can be:
 * the key is leased (pending, with an expiry) before the send, recorded as sent with its
 * Message-ID right after, and released when the send throws, so the retry sends. A recorded send
 * is never repeated; a send refused for good is recorded as given up, logged and counted.
 *
 * The one window left: the process dies (or the recording fails every time) after the mailer
 * accepted the message and before it is recorded. The lease then expires and a retry sends a
 * second copy — no mail API takes an idempotency key, so at-least-once is the honest bound there.
 * Nothing runs between the send and its recording, to keep that window as small as it can be.
 * On AWS the mailer queues the email instead (docs/operations.md "The send queue"): the lease
 * ends `queued`, and the queue's sender leases the same key again before it calls SES, so a
 * second copy queued by a retry that lost this window is dropped there; the window moves to the
 * sender, unchanged in size.
 */
export async function sendOnce(deps: Deps, userId: string, key: string, email: OutboundEmail): Promise<SendOutcome> {
  const lease = await deps.store.leaseSend(userId, key, SEND_LEASE_SECONDS);
  switch (lease.state) {
    case 'sent':
    case 'given-up':
      deps.log.info('already sent', { userId, key, state: lease.state });
      return 'already-sent';
    case 'pending':
      throw new SendInProgressError(`send ${key} is held by another attempt until ${lease.expiresAt.toISOString()}`);
    case 'acquired':
      break;
    default:
      return assertNever(lease);
  }
  let result: SendResult;
  try {
    // The key names the email across retries: a send queue's sender sends it once per key.
    result = await deps.mailer.send(email, { idempotencyKey: `${userId}\n${key}`, lease: { userId, key } });
  } catch (error) {
    if (error instanceof PermanentSendError) return giveUp(deps, userId, key, error);
    await deps.store.releaseSend(userId, key, lease.token).catch((releaseError: unknown) => {
      // The lease expires by itself; the send error is the one to report.
      deps.log.warn('send lease not released', { userId, key, error: String(releaseError) });
    });
    throw error;
  }
  if ('suppressed' in result) return settleSuppressed(deps, userId, key, result.suppressed);
  if ('queued' in result) {
    await recordSent(deps, userId, key, { queued: result.queued });
    deps.log.info('queued', { userId, key, queueMessageId: result.queued });
    return 'sent';
  }
  const { messageId } = result;
  await recordSent(deps, userId, key, { messageId });
  deps.log.info('sent', { userId, key, messageId });
  return 'sent';
}

/**
 * The email is out: a failure here must not make the trigger retry (that would send it again),
 * so it is retried in place and, failing that, logged as an error and left to the lease's expiry.
 */
async function recordSent(deps: Deps, userId: string, key: string, ending: { messageId: string } | { queued: string }): Promise<void> {
  for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt += 1) {
    try {
      await deps.store.completeSend(userId, key, ending);
      return;
    } catch (error) {
      if (attempt === RECORD_ATTEMPTS) deps.log.error('sent but not recorded', { userId, key, ...ending, error: String(error) });
    }
  }
}

/**
 * The address stopped receiving mail (hard bounce or complaint): the email is settled as not sent,
 * never retried, and not counted as given up — the operator heard about the address once, when
 * it was suppressed, and each skipped email is only a log line.
 */
async function settleSuppressed(deps: Deps, userId: string, key: string, suppression: Suppression): Promise<SendOutcome> {
  await deps.store.completeSend(userId, key, { gaveUp: `recipient suppressed (${suppression.reason})` });
  deps.log.info('not sent: recipient suppressed', { userId, key, reason: suppression.reason });
  return 'suppressed';
}

async function giveUp(deps: Deps, userId: string, key: string, error: PermanentSendError): Promise<SendOutcome> {
  await deps.store.completeSend(userId, key, { gaveUp: error.message });
  logSendGivenUp(deps, { userId, key, reason: error.message });
  return 'given-up';
}

/** The structured line (and `SendsGivenUp` metric) of an email Rapport will not send. */
export function logSendGivenUp(deps: Pick<Deps, 'log' | 'clock'>, fields: { userId?: string; key: string; reason: string }): void {
  deps.log.error('send given up', { ...fields, ...countMetric(SENDS_GIVEN_UP_METRIC, deps.clock.now()) });
}

function assertNever(value: never): never {
  throw new Error(`unexpected lease ${JSON.stringify(value)}`);
}
