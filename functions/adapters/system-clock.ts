import type { Clock } from '../ports';

/**
 * The Clock port over the machine's clock: what runs in AWS. This is the one place outside the
 * local runtime that reads the wall clock; everything else asks `deps.clock`, so tests and
 * `RAPPORT_NOW` decide what "now" is.
 */
export const systemClock: Clock = {
  // eslint-disable-next-line no-restricted-syntax -- the one adapter whose job is to read the wall clock
  now: () => new Date(),
};
