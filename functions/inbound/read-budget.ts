/**
 * The budget every inbound message is read within — MIME, calendars, HTML, text invitations and
 * reply text together — whatever the message holds: anyone who can send mail to the domain
 * reaches the parser before any check. Each module bounds its own work with named limits (they
 * sit beside the code they bound); a limit whose excess makes a message unreadable throws
 * `ReadLimitError`, and the sender is told what was too much instead of getting a guess.
 *
 * The budget is checked by `npm run budget` (bench/read-budget.ts), which reads hostile messages in
 * separate processes and measures their CPU time and peak memory; the test suite runs it.
 */
export const READ_BUDGET = {
  /** CPU time to read one message: a small fraction of the Lambda timeout, so retries never pile up. */
  cpuMs: 1000,
  /** Peak resident memory of the whole reading process (Node itself included). */
  memoryMb: 256,
} as const;

/** The limits whose excess makes a message unreadable, rather than merely read in part. */
type ReadLimit =
  | 'message-bytes'
  | 'message-lines'
  | 'forwarded-messages'
  | 'forward-depth'
  | 'forwarded-bytes'
  | 'mime-parts'
  | 'mime-nesting'
  | 'zone-rules';

/** A message that asks for more work than any real one does; `message` says what, for the sender. */
export class ReadLimitError extends Error {
  override readonly name = 'ReadLimitError';
  constructor(
    readonly limit: ReadLimit,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
