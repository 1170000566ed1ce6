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
