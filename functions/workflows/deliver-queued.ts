import { countMetric, SENDS_HELD_METRIC } from '../commons/metrics';
import { type Clock, type Logger, type Operator, PermanentSendError, type Store } from '../ports';
import { logSendGivenUp } from './send-once';

/**
 * The send queue's sender (docs/operations.md "The send queue"): each queued email is sent once
 * per key, at a paced rate, and an email SES refuses for now is held on the queue with backoff —
 * never given up — while the operator hears of it once an hour at most.
 */

/** Longer than the send function's timeout (60 s), so a live attempt is never overtaken. */
const DELIVERY_LEASE_SECONDS = 120;
/** How long a sent key is remembered: the queue's retention, the longest a duplicate can arrive after. */
const DELIVERED_KEEP_SECONDS = 14 * 86_400;
/** Writing down a delivery is tried this often before it is left to the log. */
const RECORD_ATTEMPTS = 3;
/** Backoff of a held email: 30 s, doubling per receive, at most 15 minutes (SQS allows 12 hours). */
const FIRST_HOLD_SECONDS = 30;
const LONGEST_HOLD_SECONDS = 900;
/** One operator notice per incident hour, however many emails are held. */
const INCIDENT_SECONDS = 3600;

export interface DeliveryDeps {
  store: Pick<Store, 'leaseInbound' | 'completeInbound' | 'releaseInbound' | 'recordQueuedSend'>;
  ses: {
    sendRaw(raw: Uint8Array): Promise<{ messageId: string }>;
    /** Whether an error of `sendRaw` means "not now" for the whole account: stop this batch and hold the rest too. */
    refusesForNow(error: unknown): boolean;
  };
  operator: Operator;
  clock: Clock;
  log: Logger;
  sleep(ms: number): Promise<void>;
  /** Keeps a record off the queue for `seconds` before SQS hands it out again (the backoff). */
  holdFor(receiptHandle: string, seconds: number): Promise<void>;
}

export interface QueuedRecord {
  id: string;
  receiptHandle: string;
  /** SQS's ApproximateReceiveCount: 1 on the first delivery. */
  receiveCount: number;
  /** The email, or why the body could not be read. */
  email: { key: string; raw: Uint8Array; lease?: { userId: string; key: string } } | { unreadable: string };
}

/** `intervalMs` between two sends of one invocation: the concurrency over the SES rate. */
export interface Pacing {
  intervalMs: number;
}

type Outcome = 'sent' | 'duplicate' | 'given-up' | 'retry' | 'refused-now';

/** Sends a batch in order, paced; returns the ids SQS must hand out again (partial batch response). */
export async function deliverQueued(deps: DeliveryDeps, records: QueuedRecord[], pacing: Pacing): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  let nextSendAt = 0;
  let refusedNow: Error | undefined;
  for (const record of records) {
    if (refusedNow) {
      failed.push(record.id);
      await hold(deps, record, FIRST_HOLD_SECONDS);
      continue;
    }
    const wait = nextSendAt - deps.clock.now().getTime();
    if (wait > 0) await deps.sleep(wait);
    nextSendAt = deps.clock.now().getTime() + pacing.intervalMs;
    const { outcome, error } = await deliverOne(deps, record);
    if (outcome === 'sent' || outcome === 'duplicate' || outcome === 'given-up') continue;
    failed.push(record.id);
    await hold(deps, record, holdSeconds(record.receiveCount));
    if (outcome === 'refused-now') {
      refusedNow = error;
      deps.log.warn('send held: SES refused it for now', {
        queueMessageId: record.id,
        error: String(error),
        ...countMetric(SENDS_HELD_METRIC, deps.clock.now()),
      });
    }
  }
  if (refusedNow) await tellOperatorOncePerIncident(deps, refusedNow);
  // The next batch of this sender starts at once: the last send's interval is kept here, so that
  // consecutive batches together keep the pace too.
  const rest = nextSendAt - deps.clock.now().getTime();
  if (rest > 0 && !refusedNow) await deps.sleep(rest);
  return { failed };
}

async function deliverOne(deps: DeliveryDeps, record: QueuedRecord): Promise<{ outcome: Outcome; error?: Error }> {
  if ('unreadable' in record.email) {
    // Never sendable: held as long as any, then the dead-letter queue keeps it for a look.
    deps.log.error('queued email unreadable', { queueMessageId: record.id, why: record.email.unreadable });
    return { outcome: 'retry' };
  }
  const { key, raw } = record.email;
  const leaseKey = `send:${key}`;
  const lease = await deps.store.leaseInbound(leaseKey, DELIVERY_LEASE_SECONDS);
  if (lease.state === 'done') {
    deps.log.info('queued email already sent: duplicate dropped', { key, queueMessageId: record.id });
    return { outcome: 'duplicate' };
  }
  if (lease.state === 'pending') {
    deps.log.info('queued email held by another attempt: retry later', { key, until: lease.expiresAt.toISOString() });
    return { outcome: 'retry' };
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.ses.sendRaw(raw));
  } catch (error) {
    if (error instanceof PermanentSendError) {
      await recordDelivered(deps, leaseKey, key);
      logSendGivenUp(deps, { key, reason: error.message });
      return { outcome: 'given-up' };
    }
    await deps.store.releaseInbound(leaseKey, lease.token).catch((releaseError: unknown) => {
      deps.log.warn('delivery lease not released', { key, error: String(releaseError) });
    });
    const refused = deps.ses.refusesForNow(error);
    if (!refused) deps.log.error('queued send failed: retry later', { key, queueMessageId: record.id, error });
    return { outcome: refused ? 'refused-now' : 'retry', error: error instanceof Error ? error : new Error(String(error)) };
  }
  await recordDelivered(deps, leaseKey, key);
  const { lease: sendLease } = record.email;
  // The workflow's lease says `queued` until here; the Message-ID is for the record, not for exactly-once.
  if (sendLease)
    await deps.store.recordQueuedSend(sendLease.userId, sendLease.key, messageId).catch((error: unknown) => {
      deps.log.warn('Message-ID not recorded on the send lease', { key, error: String(error) });
    });
  deps.log.info('sent', {
    key,
    messageId,
    queueMessageId: record.id,
    ...(sendLease ? { userId: sendLease.userId, sendKey: sendLease.key } : {}),
  });
  return { outcome: 'sent' };
}

/** The email is out (or settled): a failure here must not make SQS hand it out again, which would send it again. */
async function recordDelivered(deps: DeliveryDeps, leaseKey: string, key: string): Promise<void> {
  for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt += 1) {
    try {
      await deps.store.completeInbound(leaseKey, DELIVERED_KEEP_SECONDS);
      return;
    } catch (error) {
      if (attempt === RECORD_ATTEMPTS) deps.log.error('sent but not recorded', { key, error: String(error) });
    }
  }
}

export function holdSeconds(receiveCount: number): number {
  return Math.min(LONGEST_HOLD_SECONDS, FIRST_HOLD_SECONDS * 2 ** Math.max(0, Math.min(receiveCount, 16) - 1));
}

/** Best effort: without it the record comes back after the queue's visibility timeout instead. */
async function hold(deps: DeliveryDeps, record: QueuedRecord, seconds: number): Promise<void> {
  await deps.holdFor(record.receiptHandle, seconds).catch((error: unknown) => {
    deps.log.warn('held email not delayed', { queueMessageId: record.id, error: String(error) });
  });
}

/**
 * One notice per clock hour in which SES refused sends, taken as a lease (the same conditional
 * write as an inbound message's) so that concurrent senders send one between them.
 */
async function tellOperatorOncePerIncident(deps: DeliveryDeps, error: Error): Promise<void> {
  const hour = deps.clock.now().toISOString().slice(0, 13);
  const leaseKey = `incident:sends-held:${hour}`;
  try {
    const lease = await deps.store.leaseInbound(leaseKey, 60);
    if (lease.state !== 'acquired') return;
    try {
      await deps.operator.tell({
        subject: 'Rapport: SES is refusing sends; emails are held and retried',
        message: [
          `Since ${hour}:00 UTC SES refused sends: ${error.name}: ${error.message}`,
          'The emails wait on the send queue and are retried with backoff (up to 15 minutes apart); none is given up.',
          'Throttling: raise the SES sending quota or lower the stack setting sesSendRate.',
          'An unverified identity: wait for the domain to verify, or in the SES sandbox verify the recipient or leave the sandbox.',
          'You get at most one of these an hour while it lasts (docs/operations.md "The send queue").',
        ].join('\n'),
      });
    } catch (tellError) {
      await deps.store.releaseInbound(leaseKey, lease.token);
      throw tellError;
    }
    await deps.store.completeInbound(leaseKey, INCIDENT_SECONDS * 2);
  } catch (noticeError) {
    deps.log.warn('operator not told of held sends', { error: String(noticeError) });
  }
}
