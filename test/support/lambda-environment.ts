import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { tableDefinition } from '../../functions/adapters/dynamodb/table';
import { motoCredentials, motoRegion, type MotoServer } from './moto-server';

/**
 * Tests that load a handler as Lambda would set `process.env` first (the handlers read it once per
 * container). Take this at module load and call it in `afterAll`: the next file in the same worker
 * gets the environment it started with, with none of this file's variables left behind.
 */
export function environmentRestorer(): () => void {
  const saved = { ...process.env };
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}

/**
 * The environment a deployed function has, its AWS SDK pointed at this moto server, plus the
 * function's own `variables`. A developer's AWS_PROFILE is dropped: with it set, the SDK's default
 * chain skips the static keys and signs with that profile's credentials instead.
 */
export function setLambdaEnvironment(moto: MotoServer, variables: Record<string, string | undefined>): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: motoRegion,
    AWS_ACCESS_KEY_ID: motoCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: motoCredentials.secretAccessKey,
    ...variables,
  });
  delete process.env.AWS_PROFILE;
}

/** The account moto answers for, and the function and role ARNs the stack would give the workflow functions there. */
const ACCOUNT = '123456789012';
export const SCHEDULER_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/rapport-scheduler`;
export const REMINDER_ARN = `arn:aws:lambda:${motoRegion}:${ACCOUNT}:function:rapport-reminder`;
/** The reply-token key's parameter, as the stack names it (`/<stack>/reply-token-key`). */
export const TOKEN_KEY_PARAMETER = '/rapport/reply-token-key';
export const DIGEST_ARN = `arn:aws:lambda:${motoRegion}:${ACCOUNT}:function:rapport-weekly-digest`;

/**
 * Creates on this moto server what the workflow functions (process-inbound, reminder,
 * weekly-digest) reach, as the stack deploys it: the table, the schedule group, the mail domain
 * as a verified SES identity (moto refuses to send from an unverified one: "Did not have
 * authority to send from email") and the reply-token key, as the first function that needed it
 * would have stored it (an SSM SecureString). Returns the variables that name
 * them, for `setLambdaEnvironment`.
 */
export async function provisionWorkflowResources(
  moto: MotoServer,
  resources: { tableName: string; groupName: string; domain: string; tokenKey: string; rawMailBucket: string; allowedSenders: string },
): Promise<Record<string, string>> {
  const config = { endpoint: moto.endpoint, region: motoRegion, credentials: motoCredentials };
  const dynamo = new DynamoDBClient(config);
  const scheduler = new SchedulerClient(config);
  const ses = new SESv2Client(config);
  const ssm = new SSMClient(config);
  try {
    await dynamo.send(new CreateTableCommand(tableDefinition(resources.tableName)));
    await scheduler.send(new CreateScheduleGroupCommand({ Name: resources.groupName }));
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: resources.domain }));
    await ssm.send(new PutParameterCommand({ Name: TOKEN_KEY_PARAMETER, Type: 'SecureString', Value: resources.tokenKey }));
    return {
      TABLE_NAME: resources.tableName,
      RAW_MAIL_BUCKET: resources.rawMailBucket,
      MAIL_DOMAIN: resources.domain,
      ALLOWED_SENDERS: resources.allowedSenders,
      SCHEDULE_GROUP_NAME: resources.groupName,
      SCHEDULER_ROLE_ARN,
      REMINDER_FUNCTION_ARN: REMINDER_ARN,
      DIGEST_FUNCTION_ARN: DIGEST_ARN,
      TOKEN_KEY_PARAMETER,
    };
  } finally {
    for (const client of [dynamo, scheduler, ses, ssm]) client.destroy();
  }
}
