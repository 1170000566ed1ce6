import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, SENDS_GIVEN_UP_METRIC } from '../../functions/commons/metrics';

export interface MonitoringProps {
  readonly alarmEmail?: string;
}

/** Every alarm looks at 5-minute sums and fires on the first occurrence: each one is lost or late work. */
const PERIOD = Duration.minutes(5);

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
   * Errors: an invocation that threw (Lambda or SQS will retry it, then dead-letter it). Throttles:
   * an invocation refused for concurrency, which delays mail and reminders and, for asynchronous
   * invocations, can age them out. Either one is worth a look while it is still being retried.
   * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
   */
  watchFunctions(functions: Record<string, lambda.IFunction>): void {
    for (const [name, fn] of Object.entries(functions)) {
      const id = name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
      this.alarm(`${id}Errors`, {
        description: `Rapport: the ${name} function failed (its logs say why); the invocation is being retried.`,
        metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      });
      this.alarm(`${id}Throttles`, {
        description: `Rapport: the ${name} function was throttled (account concurrency); its work is delayed.`,
        metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
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

  private alarm(id: string, spec: { description: string; metric: cloudwatch.IMetric }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: 1,
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
