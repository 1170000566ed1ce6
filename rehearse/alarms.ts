/**
 * Every alarm of the deployed stack, rung. The emulator stores alarms and metrics but evaluates
 * nothing, so for each alarm the rehearsal drives its metric (causing the failure where it can,
 * otherwise putting the data point the service would report), evaluates the alarm as CloudWatch
 * does against the definition the emulator holds (DescribeAlarms: statistic, period, threshold,
 * comparison, evaluation periods; GetMetricStatistics for the data), and publishes to each alarm
 * action the message CloudWatch would, once the topic's policy is seen to let
 * cloudwatch.amazonaws.com publish. An alarm with no driver, one that does not ring, or a topic
 * CloudWatch may not publish to fails the run.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  type MetricAlarm,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type Statistic,
} from '@aws-sdk/client-cloudwatch';
import { GetTopicAttributesCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { publishRefusal } from './alarm-policy';
import { DOMAIN, STACK_NAME } from './inbound';
import { sesReceiptEvent } from './mail';
import { check, say } from './output';
import type { Context } from './rehearse';

const ACCOUNT = '123456789012';

interface Datum {
  value: number;
  /** How the rehearsal got it: the failure caused, or the data point put for the service. */
  how: string;
}

/** Drives one alarm's metric: returns the data point(s) the metric now holds and how. */
type Driver = (ctx: Context, alarm: MetricAlarm) => Promise<Datum>;

const dimension = (alarm: MetricAlarm, name: string) => alarm.Dimensions?.find((d) => d.Name === name)?.Value ?? '';

/** A message left in a dead-letter queue; the metric is the queue's own count, as SQS reports it. */
const dlqDriver: Driver = async (ctx, alarm) => {
  const sqs = new SQSClient(ctx.config);
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dimension(alarm, 'QueueName') }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ rehearsal: 'work that failed after all retries' }) }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return { value: Number(Attributes?.ApproximateNumberOfMessages ?? 0), how: 'a message sent to the queue, its count read back' };
  } finally {
    sqs.destroy();
  }
};

/** A deployed function that throws: one Lambda error (the account-wide metric counts it). */
const functionErrorDriver: Driver = async (ctx) => {
  const reminder = await ctx.functions.get(`${STACK_NAME}-reminder`);
  const threw = await ctx.functions.invoke(reminder, { kind: 'no-such-event' }).then(
    () => false,
    () => true,
  );
  return { value: threw ? 1 : 0, how: `${reminder.name} invoked with an event it cannot read, and it threw` };
};

/**
 * inbound-email handed twenty messages SES marked as spam: each is dropped and logged with an
 * Embedded Metric Format count, which the rehearsal extracts from the log as CloudWatch Logs does.
 */
const ignoredInboundDriver: Driver = async (ctx, alarm) => {
  const inboundEmail = await ctx.functions.get(`${STACK_NAME}-inbound-email`);
  const now = new Date();
  const records = Array.from({ length: Math.ceil(alarm.Threshold ?? 1) }, (_, i) => {
    const event = sesReceiptEvent({
      messageId: `rehearsalspam${now.getTime()}${i}`,
      recipient: `log@${DOMAIN}`,
      functionArn: inboundEmail.arn,
      now,
    });
    const record = event.Records[0]!;
    return { ...record, ses: { ...record.ses, receipt: { ...record.ses.receipt, spamVerdict: { status: 'FAIL' } } } };
  });
  const { log } = await ctx.functions.invoke(inboundEmail, { Records: records });
  const counted = emfCounts(log, alarm.Namespace ?? '', alarm.MetricName ?? '');
  return { value: counted, how: `inbound-email dropped ${records.length} spam messages; ${counted} EMF counts read from its log` };
};

/** The sum of one metric over the Embedded Metric Format lines of a log. */
function emfCounts(log: string[], namespace: string, metricName: string): number {
  let sum = 0;
  for (const line of log.filter((l) => l.startsWith('{'))) {
    const entry = JSON.parse(line) as Record<string, unknown> & {
      _aws?: { CloudWatchMetrics?: { Namespace: string; Metrics: { Name: string }[] }[] };
    };
    const declared = entry._aws?.CloudWatchMetrics?.some((m) => m.Namespace === namespace && m.Metrics.some((x) => x.Name === metricName));
    if (declared) sum += Number(entry[metricName] ?? 0);
  }
  return sum;
}

/** The value just past the alarm's threshold, put as the named service would report it. */
const reported =
  (service: string): Driver =>
  async (_ctx, alarm) => ({ value: alarm.Threshold ?? 1, how: `data point put as ${service} reports it` });

/** Which driver rings which metric (`Namespace/MetricName`); a metric without one fails the run. */
const DRIVERS: Record<string, Driver> = {
  'AWS/SQS/ApproximateNumberOfMessagesVisible': dlqDriver,
  'AWS/SQS/ApproximateAgeOfOldestMessage': reported("SQS (the oldest message's age in seconds)"),
  'AWS/Lambda/Errors': functionErrorDriver,
  'AWS/Scheduler/TargetErrorCount': reported('EventBridge Scheduler (a target it failed to invoke)'),
  'AWS/SES/Reputation.BounceRate': reported("SES (the account's bounce rate)"),
  'AWS/SES/Reputation.ComplaintRate': reported("SES (the account's complaint rate)"),
  'Rapport/SendsGivenUp': reported('CloudWatch Logs extracts the "send given up" EMF line'),
  'Rapport/InboundIgnored': ignoredInboundDriver,
};

const COMPARE: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/** The alarm's statistic over its last evaluation periods, as GetMetricStatistics returns it, and whether that breaches. */
async function evaluate(cloudwatch: CloudWatchClient, alarm: MetricAlarm, now: Date): Promise<{ values: number[]; breaching: boolean }> {
  const period = alarm.Period ?? 60;
  const periods = alarm.EvaluationPeriods ?? 1;
  const statistic = alarm.Statistic as Statistic;
  const { Datapoints = [] } = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: alarm.Namespace,
      MetricName: alarm.MetricName,
      Dimensions: alarm.Dimensions ?? [],
      StartTime: new Date(now.getTime() - period * periods * 1000),
      EndTime: new Date(now.getTime() + 60_000),
      Period: period,
      Statistics: [statistic],
    }),
  );
  const values = Datapoints.map((d) => Number(d[statistic] ?? 0));
  const compare = COMPARE[alarm.ComparisonOperator ?? ''];
  if (!compare) throw new Error(`${alarm.AlarmName}: comparison ${alarm.ComparisonOperator} is not evaluated by the rehearsal`);
  // Missing periods count as not breaching (TreatMissingData notBreaching, the stack's choice).
  const breaching = values.filter((v) => compare(v, alarm.Threshold ?? 0)).length >= (alarm.DatapointsToAlarm ?? periods);
  return { values, breaching };
}

/** What CloudWatch publishes to an alarm action when the alarm goes to ALARM. */
function alarmMessage(alarm: MetricAlarm, values: number[], region: string): { subject: string; message: string } {
  const reason = `Threshold Crossed: ${values.length} datapoint [${values.join(', ')}] was ${alarm.ComparisonOperator} the threshold (${alarm.Threshold}).`;
  const message = {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription,
    AWSAccountId: ACCOUNT,
    NewStateValue: 'ALARM',
    NewStateReason: reason,
    StateChangeTime: new Date().toISOString(),
    Region: region,
    AlarmArn: alarm.AlarmArn,
    OldStateValue: 'OK',
    Trigger: {
      MetricName: alarm.MetricName,
      Namespace: alarm.Namespace,
      Statistic: alarm.Statistic,
      Dimensions: alarm.Dimensions?.map((d) => ({ name: d.Name, value: d.Value })) ?? [],
      Period: alarm.Period,
      EvaluationPeriods: alarm.EvaluationPeriods,
      ComparisonOperator: alarm.ComparisonOperator,
      Threshold: alarm.Threshold,
      TreatMissingData: alarm.TreatMissingData,
    },
  };
  return { subject: `ALARM: "${alarm.AlarmName}" in ${region}`.slice(0, 100), message: JSON.stringify(message) };
}

/** Sets the alarm to ALARM and publishes to each of its actions, after checking the topic lets CloudWatch publish. */
async function ring(
  ctx: Context,
  clients: { cloudwatch: CloudWatchClient; sns: SNSClient },
  alarm: MetricAlarm,
  values: number[],
): Promise<string[]> {
  const { subject, message } = alarmMessage(alarm, values, ctx.config.region);
  await clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarm.AlarmName, StateValue: 'ALARM', StateReason: 'rehearsal' }));
  const published: string[] = [];
  for (const topicArn of alarm.AlarmActions ?? []) {
    const { Attributes } = await clients.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const refusal = publishRefusal(Attributes?.Policy, { topicArn, account: ACCOUNT, alarmArn: alarm.AlarmArn ?? '' });
    if (refusal) throw new Error(`alarm ${alarm.AlarmName} cannot ring: ${refusal}`);
    const { MessageId } = await clients.sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    published.push(`${topicArn.split(':').pop()} (${MessageId})`);
  }
  return published;
}

/** Drives, evaluates and rings every alarm the deployed stack has. */
export async function rehearseAlarms(ctx: Context): Promise<void> {
  const cloudwatch = new CloudWatchClient(ctx.config);
  const sns = new SNSClient(ctx.config);
  try {
    const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 100 }));
    say(`\nEvery alarm of the stack, rung by driving its metric (${MetricAlarms.length} alarms):`);
    check(MetricAlarms.length > 0, "the emulator holds the stack's alarms");
    for (const alarm of MetricAlarms) {
      const metric = `${alarm.Namespace}/${alarm.MetricName}`;
      const driver = DRIVERS[metric];
      if (!driver) throw new Error(`alarm ${alarm.AlarmName}: the rehearsal has no way to drive ${metric}`);
      const datum = await driver(ctx, alarm);
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: alarm.Namespace,
          MetricData: [{ MetricName: alarm.MetricName, Dimensions: alarm.Dimensions ?? [], Value: datum.value, Timestamp: new Date() }],
        }),
      );
      const { values, breaching } = await evaluate(cloudwatch, alarm, new Date());
      check(
        breaching,
        `${alarm.AlarmName}: ${metric} ${alarm.Statistic} over ${alarm.Period} s = ${values.join(', ') || 'no data'} (${datum.how}), ${alarm.ComparisonOperator} ${alarm.Threshold}`,
      );
      const published = await ring(ctx, { cloudwatch, sns }, alarm, values);
      check(published.length > 0, `    rang: ALARM published to ${published.join(', ')}`);
    }
  } finally {
    cloudwatch.destroy();
    sns.destroy();
  }
}
