import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { EventBridgeScheduler } from '../adapters/aws/eventbridge-scheduler';
import { S3RawMailStore } from '../adapters/aws/s3-raw-mail-store';
import { SesV2Mailer } from '../adapters/aws/sesv2-mailer';
import { randomIds } from '../domain/ids';
import { jsonLogger } from '../commons/json-logger';
import { once, onceFulfilled } from '../commons/once';
import { systemClock } from '../adapters/system-clock';
import { parseTokenKeys, type LoadTokenKeys } from '../domain/reply-token';
import type { Deps } from '../workflows/deps';
import { skippingSuppressedRecipients } from '../workflows/suppression-check';
import { listOf, readEnv } from './env';
import { lazyPorts } from './lazy-ports';
import { tableStore } from './table-store';
import type SecretsManagerSdk = require('@aws-sdk/client-secrets-manager');

/**
 * Loaded by the first path that signs or reads a reply token, not at a cold start (as the S3
 * adapter loads its SDK package on first use; the table, SES and Scheduler, which nearly every
 * invocation uses, stay plain imports). (require, not import(): tsc's node16 resolution would
 * treat import() as ESM.)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const secretsManagerSdk = once((): typeof SecretsManagerSdk => require('@aws-sdk/client-secrets-manager'));

/** The reply-token secret could not be read (missing, denied, empty or malformed): the invocation fails and is retried. */
export class TokenSecretError extends Error {
  override name = 'TokenSecretError';
}

/**
 * The reply-token keys from Secrets Manager, fetched when a path first signs or reads a token and
 * then kept for the container's life; a failed fetch is not kept, so the next use tries again.
 * A bounce, a digest with nothing to send or a dropped message never reads the secret.
 */
function secretTokenKeys(secretId: string): LoadTokenKeys {
  return onceFulfilled(async () => {
    const { GetSecretValueCommand, SecretsManagerClient } = secretsManagerSdk();
    const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId })).catch((error: unknown) => {
      throw new TokenSecretError('the reply-token secret could not be read', { cause: error });
    });
    if (!secret.SecretString) throw new TokenSecretError('the reply-token secret is empty');
    return parseTokenKeys(secret.SecretString);
  });
}

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
    mailer: () =>
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
    rawMail: () => new S3RawMailStore({ bucket: env.RAW_MAIL_BUCKET, prefix: env.RAW_MAIL_PREFIX }),
    clock: () => clock,
    ids: () => randomIds,
    log: () => jsonLogger({ service: 'rapport' }),
    config: () => ({
      domain: env.MAIL_DOMAIN,
      allowedSenders: listOf(env.ALLOWED_SENDERS),
      ...(env.OPERATOR_EMAIL ? { operatorEmail: env.OPERATOR_EMAIL } : {}),
      tokenKeys: secretTokenKeys(env.TOKEN_SECRET_ARN),
      ...(env.UNSUBSCRIBE_URL ? { unsubscribeUrl: env.UNSUBSCRIBE_URL } : {}),
    }),
  });
}

/**
 * One set of ports per container, made on the first invocation (the environment is read then, and
 * a bad one fails that invocation; a failed build is not kept, so the next one reads it again).
 */
export const awsDeps = once(() => buildAwsDeps());
