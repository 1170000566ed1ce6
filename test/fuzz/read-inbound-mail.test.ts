import { runFuzz } from '../../bench/read-budget';
import { READ_BUDGET } from '../../functions/inbound/read-budget';
import { meets } from '../support/fuzz-mail';

/**
 * Structural mutations of every corpus invitation (test/support/fuzz-mail.ts): forwards nested
 * and fanned out, zone rules made hostile, huge repeats, broken encodings and charset lies,
 * messages cut at their closing boundary. Each case says what the sender must get — the same
 * invitation as the original, a "couldn't read" answer naming the limit, or no invitation — and
 * is read in a process with the heap capped at the budget, its CPU measured there.
 *
 * The seed changes daily and is printed; FUZZ_SEED=<seed> replays a failure.
 */
const SEED = Number(process.env.FUZZ_SEED) || Number(new Date().toISOString().slice(0, 10).replace(/-/g, ''));
const CASES = Number(process.env.FUZZ_CASES) || 160;

describe(`reading mutated corpus mail (FUZZ_SEED=${SEED})`, () => {
  it(`gives each of ${CASES} mutated invitations the answer it should, within the read budget`, async () => {
    process.stdout.write(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npx jest ${__filename})\n`);
    const { rows, rssMb, crashed } = await runFuzz(SEED, CASES);
    expect(crashed).toBeUndefined();
    expect(rows).toHaveLength(CASES);
    const wrong = rows
      .filter((row) => !meets(row.got, row.expect, row.baseline))
      .map((row) => ({ name: row.name, expect: row.expect, baseline: row.baseline, got: row.got }));
    expect(wrong).toEqual([]);
    const slow = rows.filter((row) => row.cpuMs > READ_BUDGET.cpuMs).map((row) => `${row.name}: ${row.cpuMs} ms`);
    expect(slow).toEqual([]);
    expect(rssMb).toBeLessThanOrEqual(READ_BUDGET.memoryMb);
    // Every kind of answer was asked for at least once.
    expect(new Set(rows.map((row) => row.expect.kind))).toEqual(new Set(['same', 'unreadable', 'no-invitation']));
  }, 180_000);
});
