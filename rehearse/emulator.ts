import path from 'node:path';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../test/support/moto-server';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsClientConfig {
  endpoint: string;
  region: string;
  credentials: Credentials;
}

/**
 * moto server with the extension in `rehearse/moto_rapport` (the CloudFormation types moto lacks,
 * IAM judged against the resource a request names), on a free port of 127.0.0.1. Nothing leaves
 * the machine. IAM is not evaluated until {@link enforceIam}: the deploy runs first, as
 * `cdk deploy` runs with the deployer's administrator rights.
 */
export async function startEmulator(): Promise<{ server: MotoServer; config: AwsClientConfig }> {
  const server = await startMotoServer({ pythonPath: __dirname, module: 'moto_rapport' });
  return { server, config: { endpoint: server.endpoint, region: motoRegion, credentials: motoCredentials } };
}

/**
 * One query-protocol call (IAM, STS) while the emulator does not yet check signatures: moto only
 * reads the service and region from the credential scope. The project has no IAM or STS client,
 * and these few calls do not warrant one.
 */
async function queryCall(config: AwsClientConfig, service: 'iam' | 'sts', params: Record<string, string>): Promise<string> {
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `AWS4-HMAC-SHA256 Credential=${config.credentials.accessKeyId}/20260101/${config.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ ...params, Version: version }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${service} ${params.Action} failed (${response.status}): ${text.slice(0, 300)}`);
  return text;
}

const xmlField = (xml: string, name: string): string => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

/**
 * Turns IAM on: an administrator user for the rehearsal itself (it plays SES, the event source
 * mapping and Scheduler, which act with their own service rights in AWS), and for each function
 * role the credentials Lambda would get by assuming it. From then on every call is signed and
 * judged against the caller's policies, so a function whose role lacks a grant is refused.
 */
export async function enforceIam(
  config: AwsClientConfig,
  roleArns: string[],
): Promise<{ admin: AwsClientConfig; roleCredentials: Map<string, Credentials> }> {
  const user = 'rehearsal-administrator';
  await queryCall(config, 'iam', { Action: 'CreateUser', UserName: user });
  await queryCall(config, 'iam', {
    Action: 'PutUserPolicy',
    UserName: user,
    PolicyName: 'everything',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  });
  const key = await queryCall(config, 'iam', { Action: 'CreateAccessKey', UserName: user });
  const admin = {
    ...config,
    credentials: { accessKeyId: xmlField(key, 'AccessKeyId'), secretAccessKey: xmlField(key, 'SecretAccessKey') },
  };

  const roleCredentials = new Map<string, Credentials>();
  for (const roleArn of roleArns) {
    const assumed = await queryCall(config, 'sts', { Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: 'rehearsal' });
    roleCredentials.set(roleArn, {
      accessKeyId: xmlField(assumed, 'AccessKeyId'),
      secretAccessKey: xmlField(assumed, 'SecretAccessKey'),
      sessionToken: xmlField(assumed, 'SessionToken'),
    });
  }
  const response = await fetch(`${config.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
  if (!response.ok) throw new Error(`the emulator would not turn IAM on (${response.status})`);
  return { admin, roleCredentials };
}

/** What a function process gets besides its deployed environment: the emulator as its AWS, its role's credentials. */
export function emulatorEnvironment(config: AwsClientConfig): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: config.endpoint,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    AWS_ACCESS_KEY_ID: config.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: config.credentials.secretAccessKey,
    ...(config.credentials.sessionToken ? { AWS_SESSION_TOKEN: config.credentials.sessionToken } : {}),
  };
}

export const REHEARSE_DIR = path.resolve(__dirname);
