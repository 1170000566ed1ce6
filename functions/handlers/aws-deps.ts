import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeScheduler } from '../adapters/aws/eventbridge-scheduler';
import { S3RawMailStore } from '../adapters/aws/s3-raw-mail-store';
import { SendQueueMailer } from '../adapters/aws/send-queue-mailer';
import { SesV2Mailer } from '../adapters/aws/sesv2-mailer';
import { randomIds } from '../domain/ids';
import { powertoolsLogger } from '../adapters/aws/powertools-logger';
import { once } from '../commons/once';
import { systemClock } from '../adapters/system-clock';
import { parameterTokenKeys } from '../adapters/aws/ssm-token-keys';
import type { Deps } from '../workflows/deps';
import { skippingSuppressedRecipients } from '../workflows/suppression-check';
import { listOf, readEnv } from './env';
import { lazyPorts } from './lazy-ports';
import { tableStore } from './table-store';

/**
 * The AWS side of the ports. Each SDK client and adapter is made when a path first uses it (a
 * reminder never touches S3, a digest never the raw-mail bucket), so an invocation pays only for
 * what it calls; the SDK clients take their endpoints from the standard AWS_ENDPOINT_URL*
 * variables, which is how the tests point them at moto.
 */
function buildAwsDeps(source: NodeJS.ProcessEnv = process.env): Deps {
  const env = readEnv(source);
  const clock = systemClock;
  const store = once(() => tableStore(env.TABLE_NAME, clock));
  const ses = (): SesV2Mailer =>
    new SesV2Mailer({
      client: new SESv2Client({}),
      messageIdDomain: env.MAIL_DOMAIN,
      clock,
      ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
      ...(source.AWS_REGION ? { region: source.AWS_REGION } : {}),
    });
  return lazyPorts<Deps>({
    store,
    scheduler: () =>
      new EventBridgeScheduler({
        client: new SchedulerClient({}),
        groupName: env.SCHEDULE_GROUP_NAME,
        reminderTarget: { arn: env.REMINDER_FUNCTION_ARN, roleArn: env.SCHEDULER_ROLE_ARN },
        digestTarget: { arn: env.DIGEST_FUNCTION_ARN, roleArn: env.SCHEDULER_ROLE_ARN },
        ...(env.SCHEDULE_DLQ_ARN ? { deadLetterArn: env.SCHEDULE_DLQ_ARN } : {}),
      }),
    // On the stack, every email goes through the send queue, drained at the SES rate by send-mail.
    mailer: () =>
      skippingSuppressedRecipients(
        env.SEND_QUEUE_URL ? new SendQueueMailer({ client: new SQSClient({}), queueUrl: env.SEND_QUEUE_URL, ses: ses() }) : ses(),
        store(),
      ),
    rawMail: () => new S3RawMailStore({ bucket: env.RAW_MAIL_BUCKET, prefix: env.RAW_MAIL_PREFIX }),
    clock: () => clock,
    ids: () => randomIds,
    log: () => powertoolsLogger(),
    config: () => ({
      domain: env.MAIL_DOMAIN,
      allowedSenders: listOf(env.ALLOWED_SENDERS),
      ...(env.OPERATOR_EMAIL ? { operatorEmail: env.OPERATOR_EMAIL } : {}),
      tokenKeys: parameterTokenKeys(env.TOKEN_KEY_PARAMETER),
      ...(env.UNSUBSCRIBE_URL ? { unsubscribeUrl: env.UNSUBSCRIBE_URL } : {}),
    }),
  });
}

/**
 * One set of ports per container, made on the first invocation (the environment is read then, and
 * a bad one fails that invocation; a failed build is not kept, so the next one reads it again).
 */
export const awsDeps = once(() => buildAwsDeps());
