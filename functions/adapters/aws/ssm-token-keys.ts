import { randomBytes } from 'node:crypto';
import { once, onceFulfilled } from '../../commons/once';
import { parseTokenKeys, type LoadTokenKeys } from '../../domain/reply-token';
import type SsmSdk = require('@aws-sdk/client-ssm');

/**
 * Loaded by the first path that signs or reads a reply token, not at a cold start (a bounce, a
 * digest with nothing to send or a dropped message never needs it). (require, not import(): tsc's
 * node16 resolution would treat import() as ESM.)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ssmSdk = once((): typeof SsmSdk => require('@aws-sdk/client-ssm'));

/** The reply-token key could not be read or created (unreachable, denied, empty or malformed): the invocation fails and is retried. */
export class TokenSecretError extends Error {
  override name = 'TokenSecretError';
}

/** 48 random bytes, 64 base64url characters: as long as the key Secrets Manager used to generate. */
export const newTokenKey = (): string => randomBytes(48).toString('base64url');

const errorName = (error: unknown) => (error instanceof Error ? error.name : '');

/**
 * The reply-token keys from an SSM Parameter Store SecureString (free, where a Secrets Manager
 * secret costs $0.40 a month: docs/operations.md "Idle cost"), fetched when a path first signs or
 * reads a token and then kept for the container's life; a failed fetch is not kept, so the next use
 * tries again. CloudFormation cannot create a SecureString, so the first function that needs the
 * key creates it (never overwriting: when two containers race, the one that loses reads the key
 * the winner stored, and both sign with it). The parameter holds one key, or during a rotation
 * `{"current": …, "previous": …}` (docs/operations.md "Rotating the reply-token key").
 */
export function parameterTokenKeys(name: string): LoadTokenKeys {
  return onceFulfilled(async () => {
    const { GetParameterCommand, PutParameterCommand, SSMClient } = ssmSdk();
    const ssm = new SSMClient({});
    try {
      const read = async () => (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
      const value = await read().catch(async (error: unknown) => {
        if (errorName(error) !== 'ParameterNotFound') throw new TokenSecretError('the reply-token key could not be read', { cause: error });
        const key = newTokenKey();
        const put = new PutParameterCommand({
          Name: name,
          Type: 'SecureString',
          Value: key,
          Overwrite: false,
          Description: 'Rapport reply-token key, created on first use (docs/operations.md)',
        });
        return ssm.send(put).then(
          () => key,
          (putError: unknown) => {
            if (errorName(putError) === 'ParameterAlreadyExists') return read();
            throw new TokenSecretError('the reply-token key could not be created', { cause: putError });
          },
        );
      });
      if (!value) throw new TokenSecretError('the reply-token key is empty');
      return parseTokenKeys(value);
    } finally {
      ssm.destroy();
    }
  });
}
