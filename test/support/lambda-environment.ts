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
