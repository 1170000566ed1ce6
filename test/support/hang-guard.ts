/**
 * The timeout of a test whose duration follows the machine's load (hundreds of full runs, a child
 * process, a synth): it only catches a hang. No test is timed: a busy CI machine makes them slower,
 * not wrong (docs/testing.md, "Time and load").
 */
export const HANG_GUARD_MS = 30 * 60_000;
