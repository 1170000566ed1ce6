/**
 * How a schedule whose target failed is retried: EventBridge Scheduler's retry policy, which the
 * AWS adapter sets on every schedule and the local table scheduler follows. Retries back off
 * exponentially until either limit is reached, then the event goes to the dead-letter queue.
 * A reminder still unsent after a day has missed its moment.
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html
 */
export const SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 24 * 3600 } as const;

/**
 * The wait before retry number `retry` (1-based). AWS documents exponential backoff, not its
 * base: locally it is 1 minute, doubling (1, 2, 4 … 512 minutes: ten retries within 17 hours).
 */
export function retryDelayMs(retry: number): number {
  return 60_000 * 2 ** (retry - 1);
}
