/** The rehearsal's own output: what it did and what arrived, one line each. */
export const say = (line = ''): void => void process.stdout.write(`${line}\n`);

/** One expectation of the rehearsal: printed with a tick when it holds, the end of the run when not. */
export function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`rehearsal failed: ${what}`);
  say(`  ✓ ${what}`);
}
