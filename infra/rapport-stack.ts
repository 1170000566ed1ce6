import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { RapportConfig } from './config';
import { Data } from './constructs/data';
import { functionArn } from './constructs/function-specs';
import { OneClickUnsubscribe } from './constructs/one-click-unsubscribe';
import { Functions } from './constructs/functions';
import { MailInbound, RAW_MAIL_PREFIX, inboundSmtpHost } from './constructs/mail-inbound';
import { MailSending } from './constructs/mail-sending';
import { Monitoring } from './constructs/monitoring';
import { observeFunctions } from './constructs/observability';
import { Scheduling } from './constructs/scheduling';

export interface RapportStackProps extends StackProps {
  readonly config: RapportConfig;
  /** True when `domain` was not configured and the reserved placeholder is in use. */
  readonly usedPlaceholderDomain?: boolean;
}

/** Everything Rapport runs on in one account and region. See docs/architecture.md "Triggers in AWS". */
export class RapportStack extends Stack {
  readonly data: Data;
  readonly sending: MailSending;
  readonly inbound: MailInbound;
  readonly scheduling: Scheduling;
  readonly functions: Functions;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: RapportStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (props.usedPlaceholderDomain) {
      Annotations.of(this).addWarningV2(
        'rapport:placeholder-domain',
        `No domain configured (-c domain=… or RAPPORT_DOMAIN): using ${config.domain}, which can never receive mail.`,
      );
    }

    const hostedZone = config.hostedZoneId
      ? route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'HostedZone', {
          hostedZoneId: config.hostedZoneId,
          zoneName: config.domain,
        })
      : undefined;

    this.data = new Data(this, 'Data');
    this.sending = new MailSending(this, 'MailSending', { domain: config.domain, hostedZone });
    this.inbound = new MailInbound(this, 'MailInbound', {
      domain: config.domain,
      rawMailRetentionDays: config.rawMailRetentionDays,
      hostedZone,
    });
    this.scheduling = new Scheduling(this, 'Scheduling', {
      groupName: this.stackName,
      targetFunctionArns: [functionArn(this, 'reminder'), functionArn(this, 'weekly-digest')],
    });
    this.monitoring = new Monitoring(this, 'Monitoring', { alarmEmail: config.alarmEmail });
    this.functions = new Functions(this, 'Functions', {
      table: this.data.table,
      rawMailBucket: this.inbound.bucket,
      rawMailPrefix: RAW_MAIL_PREFIX,
      domain: config.domain,
      allowedSenders: config.allowedSenders,
      ...(config.operatorEmail ? { operatorEmail: config.operatorEmail } : {}),
      scheduleGroupName: this.scheduling.groupName,
      schedulesArn: this.scheduling.schedulesArn,
      schedulerRole: this.scheduling.role,
      scheduleDeadLetterQueueArn: this.scheduling.deadLetterQueue.queueArn,
      tokenKeyParameter: this.data.tokenKeyParameter,
      sesIdentityArn: this.sending.identity.emailIdentityArn,
      sesConfigurationSetName: this.sending.configurationSet.configurationSetName,
      sesConfigurationSetArn: this.sending.configurationSetArn,
      mailFeedbackTopic: this.sending.feedbackTopic,
      alarmTopic: this.monitoring.topic,
      sesSendRate: config.sesSendRate,
    });
    // The schedule group must exist before a function can create schedules in it.
    for (const fn of Object.values(this.functions.byHandler)) fn.node.addDependency(this.scheduling.group);
    this.inbound.deliverTo(this.functions.byHandler['inbound-email']);
    observeFunctions(Object.values(this.functions.byHandler), config);
    new OneClickUnsubscribe(this, 'OneClickUnsubscribe', {
      handler: this.functions.byHandler.unsubscribe,
      senders: [this.functions.byHandler['weekly-digest'], this.functions.byHandler.reminder],
    });

    this.monitoring.watchDeadLetterQueues({
      FunctionFailureQueue: this.functions.failureQueue,
      InboundDeadLetterQueue: this.functions.inboundDeadLetterQueue,
      ScheduleDeadLetterQueue: this.scheduling.deadLetterQueue,
    });
    this.monitoring.watchFunctions();
    this.monitoring.watchInboundQueue(this.functions.inboundQueue);
    this.monitoring.watchSchedules(this.scheduling.groupName);
    this.monitoring.watchSesReputation();
    this.monitoring.watchGivenUpSends();
    this.monitoring.watchIgnoredInbound();

    this.addOutputs(config, hostedZone !== undefined);
  }

  private addOutputs(config: RapportConfig, dnsManaged: boolean): void {
    new CfnOutput(this, 'InboundAddress', {
      description: 'Forward calendar invitations here',
      value: `log@${config.domain}`,
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'FunctionFailureQueueName', {
      description: 'Async invocations that failed after retries (inbound-email, reminder, weekly-digest)',
      value: this.functions.failureQueue.queueName,
    });
    new CfnOutput(this, 'InboundDeadLetterQueueName', {
      description: 'Inbound mail that process-inbound failed on repeatedly; redrive it to the inbound queue once fixed',
      value: this.functions.inboundDeadLetterQueue.queueName,
    });
    new CfnOutput(this, 'ScheduleDeadLetterQueueName', {
      description: 'Pass its ARN as Target.DeadLetterConfig.Arn on CreateSchedule',
      value: this.scheduling.deadLetterQueue.queueName,
    });
    new CfnOutput(this, 'ScheduleDeadLetterQueueArn', { value: this.scheduling.deadLetterQueue.queueArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    if (dnsManaged) return;

    // Without a hosted zone the user adds these records at their DNS provider.
    new CfnOutput(this, 'DnsMxRecord', {
      description: 'Add this MX record so that SES receives the domain’s mail',
      value: `${config.domain}. MX 10 ${inboundSmtpHost(this.region)}`,
    });
    const identity = this.sending.identity;
    const dkim: [string, string][] = [
      [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1],
      [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2],
      [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
    ];
    dkim.forEach(([name, value], index) => {
      new CfnOutput(this, `DnsDkimRecord${index + 1}`, {
        description: 'Add this CNAME so that SES verifies the domain and signs with Easy DKIM',
        value: `${name} CNAME ${value}`,
      });
    });
  }
}
