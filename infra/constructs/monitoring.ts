import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INBOUND_IGNORED_METRIC, METRIC_NAMESPACE, SENDS_GIVEN_UP_METRIC } from '../../functions/commons/metrics';

export interface MonitoringProps {
  readonly alarmEmail?: string;
}

/** Every alarm looks at 5-minute sums and fires on the first occurrence: each one is lost or late work. */
const PERIOD = Duration.minutes(5);
/** An inbound record waiting this long is held (SES throttling or refusing sends, a failing dependency), not merely queued. */
export const INBOUND_AGE_ALARM = Duration.minutes(15);
/**
 * SES reviews an account whose bounce rate reaches 5% or complaint rate 0.1%, and may pause its
 * sending at 10% and 0.5%: the alarms ring at the review level, while there is time to act.
 * https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html
 */
/**
 * Inbound messages dropped unanswered (spam, unauthenticated, automated, unreadable) in an hour
 * before the operator hears of it: a few a day are normal, this many means a flood or a sender
 * Rapport wrongly refuses (docs/operations.md "Alarms").
 */
export const INBOUND_IGNORED_PER_HOUR = 20;
export const SES_REPUTATION_THRESHOLDS = { 'Reputation.BounceRate': 0.05, 'Reputation.ComplaintRate': 0.001 } as const;

/**
 * Tells a human when Rapport dropped or may drop work, through one topic (email subscription when
 * `alarmEmail` is set). The topic exists first, so that mail-feedback can tell the operator
 * through it which address Rapport stopped mailing; the `watch…` methods add the alarms once
 * the things they watch exist.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Rapport alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The topic carries alarm states and the addresses Rapport stopped mailing, for the operator only. CloudWatch ' +
        'alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key would cost ' +
        'more than the whole app.',
    });
    // enforceSSL gives the topic a policy of its own, which replaces the default one: without this
    // statement, CloudWatch could not publish to it and every alarm would stay silent.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }

  /** A message in a dead-letter queue is an email not processed or a reminder not sent. */
  watchDeadLetterQueues(queues: Record<string, sqs.IQueue>): void {
    for (const [name, queue] of Object.entries(queues)) {
      this.alarm(`${name}NotEmpty`, {
        description: `Rapport: ${name} holds messages (work that failed after all retries); inspect and redrive it.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      });
    }
  }

  /**
   * An invocation that threw (Lambda or SQS will retry it, then dead-letter it). One alarm over the
   * account's Lambda metric (no dimension), not one per function: an alarm costs $0.10 a month,
   * and the function's own log group says which one it was (docs/operations.md). Throttles have no
   * alarm of their own: a throttled SQS record waits on its queue (InboundQueueAge) and a throttled
   * asynchronous invocation is retried for 6 hours, then dead-lettered (FunctionFailureQueueNotEmpty),
   * so no throttled work is lost unseen, and the alarm it would cost keeps the stack within ten.
   * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
   */
  watchFunctions(): void {
    this.alarm('FunctionsErrors', {
      description: 'Rapport: a function failed (it is being retried); the function logs say which and why.',
      metric: new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'Errors', period: PERIOD, statistic: 'Sum' }),
    });
  }

  /** Inbound mail waiting longer than {@link INBOUND_AGE_ALARM}: it is being retried and not getting through. */
  watchInboundQueue(queue: sqs.IQueue): void {
    this.alarm('InboundQueueAge', {
      description: `Rapport: inbound mail has waited over ${INBOUND_AGE_ALARM.toMinutes()} minutes (process-inbound keeps failing on it, e.g. SES throttling or refusing sends); its log says why.`,
      metric: queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
      threshold: INBOUND_AGE_ALARM.toSeconds(),
    });
  }

  /** Scheduler could not invoke a reminder or digest function (it retries, then dead-letters). */
  watchSchedules(groupName: string): void {
    this.alarm('ScheduleTargetErrors', {
      description: `Rapport: EventBridge Scheduler failed to invoke a reminder or digest (group ${groupName}); it retries, then uses the schedule dead-letter queue.`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Scheduler',
        metricName: 'TargetErrorCount',
        dimensionsMap: { ScheduleGroup: groupName },
        period: PERIOD,
        statistic: 'Sum',
      }),
    });
  }

  /** The account's bounce and complaint rates, which SES reviews and may pause sending over. */
  watchSesReputation(): void {
    for (const [metricName, threshold] of Object.entries(SES_REPUTATION_THRESHOLDS)) {
      this.alarm(metricName.replace('Reputation.', 'Ses'), {
        description: `Rapport: SES ${metricName} reached ${threshold * 100}%, where SES reviews the account; see docs/operations.md.`,
        metric: new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' }),
        threshold,
      });
    }
  }

  /** A promised email given up after all retries: the user will not get it unless someone acts. */
  watchGivenUpSends(): void {
    this.alarm('SendsGivenUp', {
      description: `Rapport: an email was given up after its retries (metric ${METRIC_NAMESPACE}/${SENDS_GIVEN_UP_METRIC}); the sending function's log names it.`,
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: SENDS_GIVEN_UP_METRIC,
        period: PERIOD,
        statistic: 'Sum',
      }),
    });
  }

  /** Many inbound messages dropped without an answer within an hour (issue 23: every drop is counted). */
  watchIgnoredInbound(): void {
    this.alarm('InboundIgnored', {
      description: `Rapport: ${INBOUND_IGNORED_PER_HOUR} or more inbound messages were dropped unanswered within an hour (metric ${METRIC_NAMESPACE}/${INBOUND_IGNORED_METRIC}); the "inbound ignored" log lines say why.`,
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: INBOUND_IGNORED_METRIC,
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
      threshold: INBOUND_IGNORED_PER_HOUR,
    });
  }

  private alarm(id: string, spec: { description: string; metric: cloudwatch.IMetric; threshold?: number }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No data is the healthy state: these metrics only exist when something went wrong.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
