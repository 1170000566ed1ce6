import { ListSubscriptionsCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { USER } from './mail';
import { deliveredEmails } from './send-queue';
import { check, say } from './output';
import type { Context } from './rehearse';

/** SES's Bounce record as event publishing sends it to SNS (the shape of AWS's own example). */
function hardBounce(address: string, now: Date): string {
  return JSON.stringify({
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      timestamp: now.toISOString(),
      feedbackId: `rehearsal-${now.getTime()}`,
    },
    mail: { timestamp: now.toISOString(), source: 'Rapport', messageId: `rehearsal-${now.getTime()}`, destination: [address] },
  });
}

/**
 * The operator's inbox: a queue subscribed to the alarm topic, receiving what the topic's email
 * subscription would (moto delivers to SQS subscribers, not to email).
 */
async function operatorInbox(sns: SNSClient, sqs: SQSClient, alarmTopicArn: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'rehearsal-operator-inbox' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn: alarmTopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
  return QueueUrl ?? '';
}

/**
 * SES reports a hard bounce of the user's address: the record goes to the function the stack
 * subscribed to its feedback topic, the operator hears of it on the alarm topic, and the user's
 * thank-you schedule, fired with its own input, sends nothing.
 */
export async function rehearseBounce(ctx: Context, thanks: { Name: string; Arn: string; Input: string }): Promise<void> {
  const sns = new SNSClient(ctx.config);
  const sqs = new SQSClient(ctx.config);
  try {
    say(`\nSES reports a hard bounce for ${USER.address}:`);
    const inbox = await operatorInbox(sns, sqs, ctx.deployed.outputs.AlarmTopicArn ?? '');
    // moto keeps one event destination per configuration set, so the feedback topic is found by
    // its subscription; the template test checks the configuration set publishes to it.
    const { Subscriptions = [] } = await sns.send(new ListSubscriptionsCommand({}));
    const subscription = Subscriptions.find((s) => s.Protocol === 'lambda');
    check(subscription?.Endpoint, `topic ${subscription?.TopicArn?.split(':').pop()} invokes ${subscription?.Endpoint?.split(':').pop()}`);
    const mailFeedback = await ctx.functions.get(subscription.Endpoint);
    const now = new Date();
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          Sns: {
            Type: 'Notification',
            MessageId: `rehearsal-${now.getTime()}`,
            TopicArn: subscription.TopicArn,
            Message: hardBounce(USER.address, now),
          },
        },
      ],
    };
    const { result } = await ctx.functions.invoke(mailFeedback, event);
    check((result as { suppressed?: number }).suppressed === 1, `${mailFeedback.name} suppressed the address (${JSON.stringify(result)})`);

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: inbox, MaxNumberOfMessages: 10 }));
    const told = Messages.map((m) => JSON.parse(m.Body ?? '{}') as { Subject?: string });
    check(
      told.length === 1 && told[0]?.Subject === `Rapport stopped mailing ${USER.address} (hard bounce)`,
      `the operator was told on the alarm topic: "${told[0]?.Subject}"`,
    );

    const before = (await deliveredEmails(ctx)).length;
    say(`\nScheduler fires ${thanks.Name} with its own input:`);
    const fired = await ctx.functions.invoke(await ctx.functions.get(thanks.Arn), JSON.parse(thanks.Input) as unknown);
    check(fired.result === 'suppressed', `the reminder answered "${String(fired.result)}"`);
    check((await deliveredEmails(ctx)).length === before, `nothing more was sent to ${USER.address}`);
  } finally {
    sns.destroy();
    sqs.destroy();
  }
}
