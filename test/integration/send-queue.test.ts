import { readQueuedEmail, queuedEmailBody, deliveryKey } from '../../functions/adapters/aws/send-queue-message';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { type Logger, type Mailer, type OperatorNotice, PermanentSendError } from '../../functions/ports';
import { deliverQueued, type DeliveryDeps, type QueuedRecord } from '../../functions/workflows/deliver-queued';
import type { Deps } from '../../functions/workflows/deps';
import { sendOnce } from '../../functions/workflows/send-once';
import { ManualClock } from '../support/store-contract';
import { sesRefusesForNow } from '../../functions/adapters/aws/sesv2-mailer';

/**
 * The send queue's sender (docs/operations.md "The send queue") over the real store on dynalite:
 * what SES is handed, when, and what SQS is told to hand out again.
 */
const TABLE = 'rapport-send-queue';
let local: LocalDynamoDb;
beforeAll(async () => {
  local = await startLocalDynamoDb({ tableName: TABLE });
});
afterAll(async () => {
  await local?.close();
});

function refusal(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** SES as the sender sees it: what it accepted, in order, and a refusal while `refuse` is set. */
function fakeSes(clock: ManualClock) {
  const accepted: { raw: string; at: number }[] = [];
  const state: { refuse?: Error; failRecording?: boolean } = {};
  return {
    state,
    accepted,
    sendRaw: async (raw: Uint8Array) => {
      if (state.refuse) throw state.refuse;
      accepted.push({ raw: Buffer.from(raw).toString(), at: clock.now().getTime() });
      return { messageId: `<ses-${accepted.length}@email.amazonses.com>` };
    },
    refusesForNow: sesRefusesForNow,
  };
}

function recordingLog(): { log: Logger; lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { log: { info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

let hours = 0;
/** Each test in an hour of its own: the operator's notice is once per incident hour, in the one table. */
function setup() {
  hours += 1;
  const clock = new ManualClock(new Date(Date.UTC(2027, 2, 1, hours)));
  const store = new DynamoDbStore({ client: local.client, tableName: TABLE, clock });
  const ses = fakeSes(clock);
  const notices: OperatorNotice[] = [];
  const holds: { receiptHandle: string; seconds: number }[] = [];
  const { log, lines } = recordingLog();
  const deps: DeliveryDeps = {
    store,
    ses,
    operator: { tell: async (notice) => void notices.push(notice) },
    clock,
    log,
    sleep: async (ms) => clock.advance(ms),
    holdFor: async (receiptHandle, seconds) => void holds.push({ receiptHandle, seconds }),
  };
  return { clock, store, ses, notices, holds, lines, deps };
}

let counter = 0;
/** A queue message as SQS hands it out: the body the mailer wrote, and how often it was received. */
function queued(idempotencyKey: string, text: string, receiveCount = 1): QueuedRecord {
  counter += 1;
  const body = queuedEmailBody(`${idempotencyKey}#${process.pid}`, Buffer.from(`Subject: ${text}\r\n\r\n${text}\r\n`));
  return { id: `m${counter}`, receiptHandle: `r${counter}`, receiveCount, email: readQueuedEmail(body) };
}

/** As send-mail paces at 14 a second with 2 at once. */
const pacing = { intervalMs: Math.ceil(2000 / 14) };

describe('the send queue', () => {
  it('sends each queued email once, however often it is queued or delivered', async () => {
    const { ses, deps } = setup();
    const prep = queued('u1\nprep#i1#1', 'Prep brief');
    const again = { ...prep, id: 'm-again', receiptHandle: 'r-again' };
    const first = await deliverQueued(deps, [prep, queued('u1\nthanks#i1#1', 'Thank-you draft')], pacing);
    const second = await deliverQueued(deps, [again], pacing);
    expect([first.failed, second.failed]).toEqual([[], []]);
    expect(ses.accepted.map((s) => s.raw.split('\r\n')[0])).toEqual(['Subject: Prep brief', 'Subject: Thank-you draft']);
  });

  it('spaces the sends of a batch by the pacing interval, so that two senders together stay under the SES rate', async () => {
    const { ses, deps, clock } = setup();
    const batch = Array.from({ length: 10 }, (_, i) => queued(`u2\ndigest#${i}`, `Digest ${i}`));
    await deliverQueued(deps, batch, pacing);
    const gaps = ses.accepted.slice(1).map((s, i) => s.at - ses.accepted[i]!.at);
    expect(gaps).toHaveLength(9);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(pacing.intervalMs);
    // 10 sends spread over 9 intervals: 7 a second for this sender, 14 for two.
    expect(ses.accepted.at(-1)!.at - ses.accepted[0]!.at).toBeLessThan(1400);
    // And the sender's next batch cannot start within the last send's interval.
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(ses.accepted.at(-1)!.at + pacing.intervalMs);
  });

  it('holds what SES throttles with growing backoff, tells the operator once, and sends each when it clears', async () => {
    const { ses, deps, holds, notices, lines, clock } = setup();
    ses.state.refuse = refusal('TooManyRequestsException', 'Maximum sending rate exceeded.');
    const batch = [queued('u3\nconfirmation#a#1', 'Logged A'), queued('u3\nconfirmation#b#1', 'Logged B')];
    const first = await deliverQueued(deps, batch, pacing);
    expect(first.failed).toEqual(batch.map((r) => r.id));
    // The first is held 30 s (first receive); the rest of the batch is not tried against a throttled account.
    expect(holds).toEqual([
      { receiptHandle: batch[0]!.receiptHandle, seconds: 30 },
      { receiptHandle: batch[1]!.receiptHandle, seconds: 30 },
    ]);
    const redelivered = batch.map((r) => ({ ...r, receiveCount: 4 }));
    clock.advance(60_000);
    await deliverQueued(deps, redelivered, pacing);
    expect(holds[2]).toEqual({ receiptHandle: batch[0]!.receiptHandle, seconds: 240 });
    expect(ses.accepted).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(/TooManyRequestsException: Maximum sending rate exceeded[\s\S]*none is given up/);
    expect(lines.filter((l) => l.message === 'send given up')).toEqual([]);
    expect(lines.filter((l) => l.message.startsWith('send held')).map((l) => l.fields?.SendsHeld)).toEqual([1, 1]);

    ses.state.refuse = undefined;
    clock.advance(240_000);
    const cleared = await deliverQueued(
      deps,
      redelivered.map((r) => ({ ...r, receiveCount: 5 })),
      pacing,
    );
    expect(cleared.failed).toEqual([]);
    expect(ses.accepted.map((s) => s.raw.split('\r\n')[0])).toEqual(['Subject: Logged A', 'Subject: Logged B']);
  });

  it('holds a send refused for an unverified identity the same way, and caps the backoff at 15 minutes', async () => {
    const { ses, deps, holds, notices } = setup();
    ses.state.refuse = refusal('SesIdentityNotVerifiedError', 'Email address is not verified.');
    const record = queued('u4\nprep#i#1', 'Prep', 30);
    expect((await deliverQueued(deps, [record], pacing)).failed).toEqual([record.id]);
    expect(holds).toEqual([{ receiptHandle: record.receiptHandle, seconds: 900 }]);
    expect(notices[0]?.message).toMatch(/not verified[\s\S]*sandbox/);
  });

  it('gives up only an email SES refuses for good: logged and counted, never handed out again', async () => {
    const { ses, deps, lines } = setup();
    ses.state.refuse = new PermanentSendError('SES refused the message: MessageRejected: Illegal header');
    const record = queued('u5\nprep#i#1', 'Prep');
    expect((await deliverQueued(deps, [record], pacing)).failed).toEqual([]);
    ses.state.refuse = undefined;
    await deliverQueued(deps, [{ ...record, id: 'm-dup' }], pacing);
    expect(ses.accepted).toEqual([]);
    expect(lines.filter((l) => l.message === 'send given up').map((l) => l.fields?.SendsGivenUp)).toEqual([1]);
  });

  it('retries a body it cannot read until the dead-letter queue takes it, logging why', async () => {
    const { deps, lines, ses } = setup();
    const record: QueuedRecord = { id: 'bad', receiptHandle: 'rb', receiveCount: 1, email: { unreadable: 'ZodError: key' } };
    expect((await deliverQueued(deps, [record, queued('u6\nack#1', 'Ack')], pacing)).failed).toEqual(['bad']);
    expect(ses.accepted).toHaveLength(1);
    expect(lines.find((l) => l.level === 'error')?.message).toBe('queued email unreadable');
  });

  it('drops a body that is not what the mailer writes', () => {
    expect(() => readQueuedEmail(JSON.stringify({ v: 1, key: 'short', raw: 'aGk=' }))).toThrow();
    expect(() => readQueuedEmail('not json')).toThrow();
    expect(readQueuedEmail(queuedEmailBody('k', Buffer.from('hi'))).key).toBe(deliveryKey('k'));
  });
});

describe('sendOnce over a queueing mailer', () => {
  it('records the email as queued under a key naming user and email, never queues it again, and gets its Message-ID once sent', async () => {
    const { store, clock, ses, deps: delivery } = setup();
    const bodies: string[] = [];
    const mailer: Mailer = {
      send: async (email, options) => {
        bodies.push(queuedEmailBody(options?.idempotencyKey ?? 'none', Buffer.from(`Subject: ${email.subject}\r\n`), options?.lease));
        return { queued: `sqs-${bodies.length}` };
      },
    };
    const { log } = recordingLog();
    const deps = { store, mailer, clock, log } as unknown as Deps;
    const email = {
      from: 'a@rapport.test',
      to: 'u@example.com',
      subject: 'Prep',
      text: 't',
      html: 'h',
      autoSubmitted: 'auto-generated',
    } as const;
    const key = `prep#queued-${process.pid}-${Date.now()}`;
    expect(await sendOnce(deps, 'u7', key, email)).toBe('sent');
    expect(await sendOnce(deps, 'u7', key, email)).toBe('already-sent');
    expect(bodies).toHaveLength(1);
    expect(readQueuedEmail(bodies[0]!)).toMatchObject({ key: deliveryKey(`u7\n${key}`), lease: { userId: 'u7', key } });

    await deliverQueued(delivery, [{ id: 'q1', receiptHandle: 'rq1', receiveCount: 1, email: readQueuedEmail(bodies[0]!) }], pacing);
    expect(ses.accepted.map((a) => a.raw)).toEqual(['Subject: Prep\r\n']);
    expect(await store.leaseSend('u7', key, 120)).toEqual({ state: 'sent', messageId: '<ses-1@email.amazonses.com>' });
  });
});
