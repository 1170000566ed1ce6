/**
 * Rapport's own CloudWatch metrics, written as Embedded Metric Format log lines (no SDK call, no
 * extra permission: CloudWatch Logs extracts them). The stack alarms on them, so the names live
 * here, once, for the code that emits and the infra that watches.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export const METRIC_NAMESPACE = 'Rapport';

/**
 * A promised email (confirmation, prep brief, thank-you draft, nudge, digest) that Rapport gave up
 * sending. Emitted without dimensions (`"Dimensions": [[]]`): an alarm watches one metric series,
 * and a series with dimensions is a different one it would never see.
 */
export const SENDS_GIVEN_UP_METRIC = 'SendsGivenUp';

/**
 * An inbound message Rapport did not act on and did not answer (automated, unauthenticated,
 * unreadable, no sender, a duplicate): logged as `inbound ignored` with its reason (`why`), and
 * counted here so an operator sees how many, and can search the logs for which.
 */
export const INBOUND_IGNORED_METRIC = 'InboundIgnored';

/**
 * The fields that turn one structured log line into a count of 1 of `metric` in Rapport's
 * namespace, with no dimensions; the line's other fields say which email it was.
 */
export function countMetric(metric: string, at: Date): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: metric, Unit: 'Count' }] }],
    },
    [metric]: 1,
  };
}

/**
 * An email the send queue holds because SES refused it for now (throttling, sending paused, an
 * unverified identity): retried with backoff, never given up. Counted per refused attempt.
 */
export const SENDS_HELD_METRIC = 'SendsHeld';
