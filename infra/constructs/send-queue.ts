import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { encryptedQueue } from './queues';
import { SEND_BATCH_SIZE, SEND_MAX_CONCURRENCY, SEND_MAX_RECEIVE_COUNT, SEND_VISIBILITY_TIMEOUT } from './function-specs';

/**
 * The send path (docs/operations.md "The send queue"): the workflow functions put every email on
 * the send queue; send-mail drains it at the account's SES rate, holding what SES refuses for now.
 */
export function createSendQueue(scope: Construct, deadLetterQueue: sqs.IQueue): sqs.Queue {
  // The inbound queue's dead-letter queue serves this one too (one alarm, no new cost): SQS's
  // redrive moves each message back to the queue it came from.
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
  return encryptedQueue(scope, 'SendQueue', {
    // SQS's longest: an email held through a long SES outage is still there to send.
    retentionPeriod: Duration.days(14),
    visibilityTimeout: SEND_VISIBILITY_TIMEOUT,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: SEND_MAX_RECEIVE_COUNT },
  });
}

/** What send-mail reads from its environment (functions/handlers/send-mail.ts). */
export function sendMailEnvironment(props: {
  tableName: string;
  sendQueue: sqs.IQueue;
  sesSendRate: number;
  alarmTopicArn: string;
  domain: string;
  sesConfigurationSetName: string;
}): Record<string, string> {
  return {
    TABLE_NAME: props.tableName,
    SEND_QUEUE_URL: props.sendQueue.queueUrl,
    SES_SEND_RATE: String(props.sesSendRate),
    SEND_CONCURRENCY: String(SEND_MAX_CONCURRENCY),
    ALARM_TOPIC_ARN: props.alarmTopicArn,
    MAIL_DOMAIN: props.domain,
    SES_CONFIGURATION_SET: props.sesConfigurationSetName,
  };
}

/**
 * send-mail: its queue as trigger (at most {@link SEND_MAX_CONCURRENCY} at once, partial batch
 * responses), the delivery leases in the table, SES sending, the alarm topic for its one notice.
 */
export function wireSendMail(
  sendMail: { fn: nodejs.NodejsFunction; role: iam.Role },
  props: { sendQueue: sqs.IQueue; tableArn: string; sesResources: string[]; alarmTopicArn: string },
): void {
  // Grants ReceiveMessage, DeleteMessage, ChangeMessageVisibility (its backoff), GetQueueAttributes/Url.
  sendMail.fn.addEventSource(
    new eventSources.SqsEventSource(props.sendQueue, {
      batchSize: SEND_BATCH_SIZE,
      maxConcurrency: SEND_MAX_CONCURRENCY,
      reportBatchItemFailures: true,
    }),
  );
  sendMail.role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [props.tableArn],
    }),
  );
  sendMail.role.addToPolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: props.sesResources }));
  sendMail.role.addToPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.alarmTopicArn] }));
}
