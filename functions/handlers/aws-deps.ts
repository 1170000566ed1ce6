import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeScheduler } from '../adapters/aws/eventbridge-scheduler';
import { S3RawMailStore } from '../adapters/aws/s3-raw-mail-store';
import { SesV2Mailer } from '../adapters/aws/sesv2-mailer';
import { DynamoDbStore } from '../adapters/dynamodb/dynamodb-store';
import { randomIds } from '../domain/ids';
import { jsonLogger } from '../commons/json-logger';
import { once } from '../commons/once';
import { systemClock } from '../adapters/system-clock';
import { parseTokenKeys } from '../mail/reply-token';
import type { Deps } from '../workflows/deps';
import { skippingSuppressedRecipients } from '../workflows/suppression-check';
import { listOf, readEnv, type LambdaEnv } from './env';

/**
 * The AWS side of the ports, built once per container. The SDK clients take their endpoints
 * from the standard AWS_ENDPOINT_URL* variables, which is how the tests point them at moto.
 */
export interface AwsRuntime {
  deps: Deps;
  env: LambdaEnv;
}

/**
 * Each SDK client and adapter is made when a path first uses it (a reminder never touches S3, a
 * digest never the raw-mail bucket), so an invocation pays only for what it calls. The
 * reply-token key is fetched here, once per container, on the first invocation.
 */
export async function buildAwsRuntime(source: NodeJS.ProcessEnv = process.env): Promise<AwsRuntime> {
  const env = readEnv(source);
  const secrets = new SecretsManagerClient({});
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: env.TOKEN_SECRET_ARN }));
  if (!secret.SecretString) throw new Error('the reply-token secret is empty');
  const tokenKeys = parseTokenKeys(secret.SecretString);
  const clock = systemClock;
  const store = once(
    () => new DynamoDbStore({ client: DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), tableName: env.TABLE_NAME, clock }),
  );
  const scheduler = once(
    () =>
      new EventBridgeScheduler({
        client: new SchedulerClient({}),
        groupName: env.SCHEDULE_GROUP_NAME,
        reminderTarget: { arn: env.REMINDER_FUNCTION_ARN, roleArn: env.SCHEDULER_ROLE_ARN },
        digestTarget: { arn: env.DIGEST_FUNCTION_ARN, roleArn: env.SCHEDULER_ROLE_ARN },
        ...(env.SCHEDULE_DLQ_ARN ? { deadLetterArn: env.SCHEDULE_DLQ_ARN } : {}),
      }),
  );
  const mailer = once(() =>
    skippingSuppressedRecipients(
      new SesV2Mailer({
        client: new SESv2Client({}),
        messageIdDomain: env.MAIL_DOMAIN,
        clock,
        ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
        ...(source.AWS_REGION && source.AWS_REGION !== 'us-east-1' ? { sesMessageIdDomain: `${source.AWS_REGION}.amazonses.com` } : {}),
      }),
      store(),
    ),
  );
  const rawMail = once(() => new S3RawMailStore({ client: new S3Client({}), bucket: env.RAW_MAIL_BUCKET, prefix: env.RAW_MAIL_PREFIX }));
  const deps: Deps = {
    get store() {
      return store();
    },
    get scheduler() {
      return scheduler();
    },
    get mailer() {
      return mailer();
    },
    get rawMail() {
      return rawMail();
    },
    clock,
    ids: randomIds,
    log: jsonLogger({ service: 'rapport' }),
    config: { domain: env.MAIL_DOMAIN, allowedSenders: listOf(env.ALLOWED_SENDERS), tokenKeys },
  };
  return { deps, env };
}

let cached: Promise<AwsRuntime> | undefined;

/** One runtime per container; a failed build is not cached, so the next invocation tries again. */
export function awsRuntime(): Promise<AwsRuntime> {
  cached ??= buildAwsRuntime().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
