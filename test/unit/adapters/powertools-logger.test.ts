/**
 * The Logger port in Lambda, written by Powertools: what an operator reads in CloudWatch Logs.
 * Each test loads the adapter in a registry of its own (a fresh container) with the environment
 * a deployed function has, and reads the lines Powertools writes.
 */
import type { Context } from 'aws-lambda';

type Adapter = typeof import('../../../functions/adapters/aws/powertools-logger');

const LAMBDA_CONTEXT = {
  functionName: 'Rapport-staging-reminder',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Rapport-staging-reminder',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
} as unknown as Context;

const saved = { ...process.env };
let written: string[];

beforeEach(() => {
  written = [];
  // Powertools writes info to stdout, warn and error to stderr (a Console of its own); Lambda reads both.
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((line: string | Uint8Array) => {
      written.push(String(line));
      return true;
    });
  }
});

afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...saved };
});

function container(env: Record<string, string>): Adapter {
  // Lambda sets AWS_LAMBDA_INITIALIZATION_TYPE; Powertools counts a cold start only for on-demand containers.
  process.env = {
    ...saved,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    POWERTOOLS_SERVICE_NAME: 'rapport',
    RAPPORT_STAGE: 'staging',
    ...env,
  };
  delete process.env.POWERTOOLS_DEV;
  let adapter: Adapter | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry per container
    adapter = require('../../../functions/adapters/aws/powertools-logger') as Adapter;
  });
  return adapter!;
}

const lines = () =>
  written.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('Powertools logger behind the Logger port', () => {
  it('names the service, stage, request id and cold start of each invocation', async () => {
    const { powertoolsLogger, withLogContext } = container({ POWERTOOLS_LOG_LEVEL: 'INFO' });
    const log = powertoolsLogger();
    const handler = withLogContext(async (event: { n: number }) => {
      log.info('reminder sent', { n: event.n });
      return 'sent';
    });

    await expect(handler({ n: 1 }, LAMBDA_CONTEXT)).resolves.toBe('sent');
    await handler({ n: 2 }, { ...LAMBDA_CONTEXT, awsRequestId: 'second-request' });

    const [first, second] = lines();
    expect(first).toMatchObject({
      level: 'INFO',
      message: 'reminder sent',
      service: 'rapport',
      stage: 'staging',
      n: 1,
      cold_start: true,
      function_name: 'Rapport-staging-reminder',
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    });
    expect(second).toMatchObject({ n: 2, cold_start: false, function_request_id: 'second-request' });
  });

  it('writes nothing below the level the environment sets', () => {
    const log = container({ POWERTOOLS_LOG_LEVEL: 'WARN' }).powertoolsLogger();
    log.info('inbound ignored', { why: 'automated' });
    log.warn('send held', { why: 'throttled' });
    expect(lines().map((line) => [line.level, line.message])).toEqual([['WARN', 'send held']]);
  });

  it('logs an Error field as its stack, with the message first', () => {
    const log = container({ POWERTOOLS_LOG_LEVEL: 'INFO' }).powertoolsLogger();
    log.error('inbound processing failed', { messageId: 'm-1', error: new TypeError('no invitation in it') });
    const [line] = lines();
    expect(line).toMatchObject({ level: 'ERROR', message: 'inbound processing failed', messageId: 'm-1' });
    expect(String(line?.error)).toMatch(/^TypeError: no invitation in it\n\s+at /);
  });
});
