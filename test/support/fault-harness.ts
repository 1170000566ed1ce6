import type { Deps } from '../../functions/workflows/deps';
import type { InboundOutcome } from '../../functions/workflows/handle-inbound-email';
import { receiveRawMail } from '../../functions/workflows/receive-raw-mail';
import { sendDigest } from '../../functions/workflows/send-digest';
import { runOneTime } from '../../functions/workflows/run-scheduled';
import { FaultPlan, withFaults } from './faults';
import { DOMAIN, startHarness, type Harness, withFrom } from './workflow-harness';

/**
 * Redeliveries of inbound mail, as SQS makes them: the message comes back after the inbound
 * queue's visibility timeout (6 × process-inbound's 60 s), up to its receive limit (5).
 */
const INBOUND_REDELIVERY_MS = 6 * 60_000;
const INBOUND_RECEIVES = 5;
/**
 * Retries of a failed reminder or digest invocation: Lambda retries an async invocation after
 * about 1 and 2 more minutes; Scheduler's own retry policy backs off further. Four retries cover
 * an attempt that died holding a send lease (120 s).
 */
const FIRING_RETRY_DELAYS_MS = [60_000, 120_000, 240_000, 480_000];

/**
 * The workflows over the real local adapters (dynalite, the table scheduler, the outbox), each
 * port wrapped by one fault plan, and triggers replayed the way AWS replays them: inbound mail
 * redelivered until it is processed, each due schedule invoked again until it succeeds.
 */
export interface FaultRig {
  harness: Harness;
  plan: FaultPlan;
  deps: Deps;
  /** Delivers raw mail (same message, same delivery id every time) until processing succeeds. */
  deliver(raw: string | Buffer, options: { from: string; to?: string }): Promise<InboundOutcome>;
  /** Fires every schedule due by `until`, in time order, each retried until it succeeds. */
  fireUntil(until: string): Promise<string[]>;
  /** Subjects of everything in the outbox, in order. */
  subjects(): Promise<string[]>;
  close(): Promise<void>;
}

let deliveries = 0;

export async function startFaultRig(now: string): Promise<FaultRig> {
  const harness = await startHarness({ now });
  const plan = new FaultPlan();
  const deps: Deps = {
    ...harness.deps,
    store: withFaults('store', harness.deps.store, plan),
    scheduler: withFaults('scheduler', harness.deps.scheduler, plan),
    mailer: withFaults('mailer', harness.deps.mailer, plan),
    rawMail: withFaults('rawMail', harness.deps.rawMail, plan, ['keyFor']),
  };
  const later = (ms: number) => harness.clock.set(new Date(harness.clock.now().getTime() + ms));

  async function untilSuccess<T>(attempt: () => Promise<T>, delays: readonly number[]): Promise<T> {
    for (let retry = 0; ; retry += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (retry >= delays.length) throw error;
        later(delays[retry]!);
      }
    }
  }

  return {
    harness,
    plan,
    deps,
    deliver(raw, options) {
      deliveries += 1;
      const deliveryId = `fault-${deliveries}`;
      const message = withFrom(raw, options.from);
      const envelope = {
        envelopeFrom: options.from.replace(/^.*<|>.*$/g, ''),
        recipients: [options.to ?? `log@${DOMAIN}`],
        authenticated: true,
        deliveryId,
      };
      return untilSuccess(() => receiveRawMail(deps, message, envelope), Array(INBOUND_RECEIVES - 1).fill(INBOUND_REDELIVERY_MS));
    },
    async fireUntil(until) {
      const outcomes: string[] = [];
      for (;;) {
        // The firing machinery is AWS's side (Scheduler), so it reads the schedules unwrapped.
        const [next] = await harness.scheduler.due(new Date(until));
        if (!next) break;
        if (next.dueUtc > harness.clock.now()) harness.clock.set(next.dueUtc);
        const event = next.event;
        const outcome = await untilSuccess(
          () => (event.kind === 'weekly-digest' ? sendDigest(deps, event) : runOneTime(deps, event)),
          FIRING_RETRY_DELAYS_MS,
        );
        outcomes.push(`${next.name}: ${outcome}`);
        await harness.scheduler.markFired(next.name, next.dueUtc);
      }
      if (harness.clock.now() < new Date(until)) harness.clock.set(until);
      return outcomes;
    },
    subjects: async () => (await harness.outbox()).map((m) => m.subject),
    close: () => harness.close(),
  };
}
