import path from 'node:path';
import { motoCredentials, motoRegion, startMotoServer, type MotoServer } from '../test/support/moto-server';

export interface AwsClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * moto server with the extension in `rehearse/moto_rapport` (the CloudFormation types moto lacks),
 * on a free port of 127.0.0.1. Nothing leaves the machine.
 */
export async function startEmulator(): Promise<{ server: MotoServer; config: AwsClientConfig }> {
  const server = await startMotoServer({ pythonPath: __dirname, module: 'moto_rapport' });
  return { server, config: { endpoint: server.endpoint, region: motoRegion, credentials: motoCredentials } };
}

/** What a function process gets besides its deployed environment: the emulator as its AWS. */
export function emulatorEnvironment(config: AwsClientConfig): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: config.endpoint,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    AWS_ACCESS_KEY_ID: config.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: config.credentials.secretAccessKey,
  };
}

export const REHEARSE_DIR = path.resolve(__dirname);
