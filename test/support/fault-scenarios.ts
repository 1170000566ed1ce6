import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFaultRig, type FaultRig } from './fault-harness';
import { FAULT_MODES, type FaultMode } from './faults';
import { HANG_GUARD_MS } from './hang-guard';

/**
 * Exactly-once effects under at-least-once delivery, proven by fault injection: for every call N
 * a path makes to a port (store, scheduler, mailer), a run in which call N fails — refused, or
 * timing out after its effect — and the trigger is replayed as AWS would replay it, ends with the
 * same emails and the same data as the run without a fault.
 *
 * The one exception is the mailer timing out after the message went out: no mail API takes an
 * idempotency key, so the retry sends that one email a second time (the documented duplicate
 * window of `sendOnce`). The suite checks it is exactly that one email, once more, and nothing else.
 */

const START = '2027-02-25T09:30:00Z';
const END = '2027-03-04T12:00:00Z';
/** After the thank-you draft (16:30 Berlin on 2 March), before the nudge. */
const AFTER_THANK_YOU = '2027-03-02T16:00:00Z';
const USER = 'Alex Morgan <alex@example.com>';
const invitation = readFileSync(path.resolve(__dirname, '../../examples/coffee-chat.eml'));

interface Scenario {
  /** Runs with no fault: what the path starts from. */
  setup(rig: FaultRig): Promise<void>;
  /** The path under faults. */
  act(rig: FaultRig): Promise<void>;
  /** Runs with no fault: what follows (the reminders that must, or must not, go out). */
  after(rig: FaultRig): Promise<void>;
  /** The kinds of email the user gets from the run without faults, in order. */
  emails: string[];
  /** What the user's data looks like after the run without faults, as far as the path decides it. */
  state?: Record<string, unknown>;
}

async function replyTo(rig: FaultRig, subjectStart: string, text: string): Promise<void> {
  const original = (await rig.harness.outbox()).find((m) => m.subject.startsWith(subjectStart));
  if (!original?.replyTo) throw new Error(`no "${subjectStart}" email to reply to`);
  const raw = [
    `From: ${USER}`,
    `To: ${original.replyTo}`,
    `Subject: Re: ${original.subject}`,
    `Message-ID: <reply-${subjectStart.length}-${text.length}@example.com>`,
    `In-Reply-To: ${original.messageId}`,
    'Date: Tue, 2 Mar 2027 17:30:00 +0100',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    text,
    '',
  ].join('\r\n');
  await rig.deliver(raw, { from: USER, to: original.replyTo });
}

const deliverInvitation = async (rig: FaultRig) => {
  await rig.deliver(invitation, { from: USER });
};
const nothing = async () => undefined;

export const SCENARIOS = {
  'logging an interview (user, interview, schedules, confirmation)': {
    setup: nothing,
    act: deliverInvitation,
    after: async (rig) => void (await rig.fireUntil(END)),
    emails: ['confirmation', 'digest', 'prep brief', 'thank-you draft', 'nudge'],
  },
  'the reminders and the weekly digest firing': {
    setup: deliverInvitation,
    act: async (rig) => void (await rig.fireUntil(END)),
    after: nothing,
    emails: ['confirmation', 'digest', 'prep brief', 'thank-you draft', 'nudge'],
  },
  'a reply with a note and "sent"': {
    setup: async (rig) => {
      await deliverInvitation(rig);
      await rig.fireUntil(AFTER_THANK_YOU);
    },
    act: (rig) => replyTo(rig, 'Thank-you', 'sent\r\nShe said the robotics team hires in spring.'),
    after: async (rig) => void (await rig.fireUntil(END)),
    emails: ['confirmation', 'digest', 'prep brief', 'thank-you draft', 'acknowledgement'],
    state: { interviews: [{ thanked: true, notes: ['She said the robotics team hires in spring.'] }] },
  },
  'a reply that cancels': {
    setup: deliverInvitation,
    act: (rig) => replyTo(rig, 'Logged', 'cancel'),
    after: async (rig) => void (await rig.fireUntil(END)),
    emails: ['confirmation', 'acknowledgement'],
    state: { interviews: [{ status: 'cancelled' }] },
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

interface RunResult {
  calls: string[];
  fired: string | undefined;
  subjects: string[];
  /** What the user's data looks like in the end (notes, interview state, schedules left). */
  state: unknown;
}

async function run(scenario: Scenario, fault?: { n: number; mode: FaultMode }): Promise<RunResult> {
  const rig = await startFaultRig(START);
  try {
    await scenario.setup(rig);
    rig.plan.arm(fault ? { failAt: fault.n, mode: fault.mode } : {});
    await scenario.act(rig);
    rig.plan.disarm();
    const calls = [...rig.plan.calls];
    await scenario.after(rig);
    return { calls, fired: rig.plan.fired?.call, subjects: await rig.subjects(), state: await stateOf(rig) };
  } finally {
    await rig.close();
  }
}

async function stateOf(rig: FaultRig): Promise<unknown> {
  const { store, scheduler } = rig.harness;
  const userId = await store.findUserIdByEmail('alex@example.com');
  if (!userId) return { user: 'none' };
  const interviews = await store.listInterviews(userId, { fromUtc: '2000-01-01T00:00:00Z', toUtc: '2100-01-01T00:00:00Z' });
  return {
    profile: (await store.getUser(userId))?.email,
    interviews: await Promise.all(
      interviews.map(async (i) => ({
        status: i.status,
        thanked: i.thankYouSentAt !== undefined,
        notes: (await store.listNotes(userId, i.interviewId)).map((n) => n.text),
      })),
    ),
    schedules: (await scheduler.due(new Date('2100-01-01T00:00:00Z'))).map((d) =>
      d.name.replace(userId, 'USER').replace(/^[0-9a-f]{20}-/, 'INTERVIEW-'),
    ),
  };
}

const KINDS: [RegExp, string][] = [
  [/^Logged:/, 'confirmation'],
  [/^Your week/, 'digest'],
  [/^Prep brief:/, 'prep brief'],
  [/^Thank-you draft/, 'thank-you draft'],
  [/left to thank/, 'nudge'],
  [/^Got it:/, 'acknowledgement'],
];

function kindOf(subject: string): string {
  return KINDS.find(([pattern]) => pattern.test(subject))?.[1] ?? subject;
}

/**
 * What differs from the run without faults; empty when nothing does. Emails are compared by kind:
 * a retry a minute later may word a countdown differently ("About 3 hours left"), and that is
 * the same nudge.
 */
function differences(baseline: RunResult, faulted: RunResult, mode: FaultMode): string[] {
  const problems: string[] = [];
  const extra = faulted.subjects.map(kindOf);
  for (const kind of baseline.subjects.map(kindOf)) {
    const at = extra.indexOf(kind);
    if (at === -1) problems.push(`missing ${kind}`);
    else extra.splice(at, 1);
  }
  const duplicateAllowed = faulted.fired === 'mailer.send' && mode === 'throw-after';
  if (extra.length > (duplicateAllowed ? 1 : 0)) problems.push(`extra ${extra.join(', ')}`);
  if (JSON.stringify(faulted.state) !== JSON.stringify(baseline.state)) {
    problems.push(`state ${JSON.stringify(faulted.state)} instead of ${JSON.stringify(baseline.state)}`);
  }
  return problems;
}

/**
 * The suite of one scenario: its run without faults gives the emails a user expects, and a run
 * with call N failing, in each fault mode, for every N, ends the same. One test file per
 * scenario (test/faults/), so that jest spreads them over its workers.
 */
export function describeFaultsAtEveryCall(name: ScenarioName): void {
  const scenario: Scenario = SCENARIOS[name];
  describe(`${name} survives a fault at every call (dynalite, table scheduler, outbox)`, () => {
    let baseline: RunResult | undefined;

    it(
      'runs without faults to the emails a user expects',
      async () => {
        baseline = await run(scenario);
        expect(baseline.subjects.map(kindOf)).toEqual(scenario.emails);
        if (scenario.state) expect(baseline.state).toMatchObject(scenario.state);
        expect(baseline.calls.length).toBeGreaterThan(5);
      },
      HANG_GUARD_MS,
    );

    for (const mode of FAULT_MODES) {
      it(
        `call N ${mode === 'throw-before' ? 'refused' : 'timing out after its effect'}, for every N`,
        async () => {
          const expected = baseline ?? (await run(scenario));
          const failures: string[] = [];
          for (let n = 1; n <= expected.calls.length; n += 1) {
            const faulted = await run(scenario, { n, mode });
            if (faulted.fired === undefined) failures.push(`N=${n}: no fault fired`);
            for (const problem of differences(expected, faulted, mode)) failures.push(`N=${n} (${expected.calls[n - 1]}): ${problem}`);
          }
          expect(failures).toEqual([]);
        },
        HANG_GUARD_MS,
      );
    }
  });
}
