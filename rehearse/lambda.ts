import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Assembly, Deployed } from './deploy';
import { emulatorEnvironment, type AwsClientConfig, type Credentials } from './emulator';

const run = promisify(execFile);
const PROJECT_ROOT = path.resolve(__dirname, '..');
/** Lambda's own limit would be the function's timeout; this only stops a hung rehearsal. */
const INVOKE_TIMEOUT_MS = 60_000;

export interface DeployedFunction {
  name: string;
  arn: string;
  /** `index.handler` */
  handler: string;
  /** The deployed environment, every Ref and GetAtt resolved by the emulator's CloudFormation. */
  environment: Record<string, string>;
  /** The execution role: the function calls AWS with the credentials Lambda gets by assuming it. */
  role: string;
  /** The bundle, copied out of the repository: nothing of the project's node_modules is in reach. */
  bundleDir: string;
  memorySize: number;
  timeoutSeconds: number;
  logGroup: string;
}

export interface Invocation {
  result: unknown;
  /** What the function logged (JSON lines), for the rehearsal's own output. */
  log: string[];
}

/**
 * The Node.js runtime provides the AWS SDK v3 (the bundles keep `@aws-sdk/*` external), at a
 * version of its own, older than the project's: "a specific minor version … not the latest …
 * [it] depends on the runtime version and your AWS Region" (docs/operations.md "The deploy
 * rehearsal", citing https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included).
 * AWS no longer publishes the number; the last one found published for a current runtime is
 * 3.895.0 (nodejs22.x, in aws/aws-cdk's integration tests), so rehearse/lambda-runtime installs
 * the SDK as it stood on 2025-09-24 (`npm install --before`), a tree of its own with its own lock.
 * On NODE_PATH, it is all a bundle run outside the repository finds: a command or option newer
 * than the runtime's SDK fails the rehearsal as it would fail in Lambda.
 */
const RUNTIME_SDK_DIR = path.join(PROJECT_ROOT, 'rehearse', 'lambda-runtime');

/** The runtime's SDK, installed from its lockfile the first time (the only step that needs the network). */
export async function runtimeModules(): Promise<{ nodePath: string; sdkVersion: string }> {
  const nodePath = path.join(RUNTIME_SDK_DIR, 'node_modules');
  if (!existsSync(path.join(nodePath, '@aws-sdk', 'client-s3', 'package.json'))) {
    await run('npm', ['ci', '--prefix', RUNTIME_SDK_DIR, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: PROJECT_ROOT });
  }
  const { version } = JSON.parse(readFileSync(path.join(nodePath, '@aws-sdk', 'client-s3', 'package.json'), 'utf8')) as { version: string };
  return { nodePath, sdkVersion: version };
}

/** The deployed functions, by name: what the emulator's Lambda says about each, and its bundle. */
export class DeployedFunctions {
  private readonly lambda: LambdaClient;
  /** Where the bundles run from: a folder of the system's temporary directory, as Lambda unzips to /var/task. */
  private readonly taskRoot = mkdtempSync(path.join(os.tmpdir(), 'rapport-task-'));

  constructor(
    private readonly assembly: Assembly,
    private readonly deployed: Deployed,
    /** The rehearsal's own (administrator) access, to read what the emulator holds. */
    private readonly config: AwsClientConfig,
    /** Each execution role's credentials, assumed through STS. */
    private readonly roleCredentials: Map<string, Credentials>,
    /** Where the functions' AWS calls go: the fault proxy in front of the emulator. */
    private readonly functionEndpoint: string,
    /** The runtime's SDK ({@link runtimeModules}), the only modules beside a bundle. */
    private readonly nodePath: string,
  ) {
    this.lambda = new LambdaClient(config);
  }

  /**
   * Looks a function up in the emulator (by name or ARN) and finds the bundle it was created
   * from: the template's `Code.S3Key` names the asset, and the CodeSha256 the emulator computed
   * from the uploaded zip must be that asset's, or the rehearsal would run something else.
   */
  async get(nameOrArn: string): Promise<DeployedFunction> {
    // By name: moto checks the signature against the decoded path, so an ARN's colons in the path would not match.
    const name = nameOrArn.split(':').pop();
    const { Configuration: fn } = await this.lambda.send(new GetFunctionCommand({ FunctionName: name }));
    if (!fn?.FunctionName || !fn.FunctionArn || !fn.Handler) throw new Error(`no function ${nameOrArn} in the emulator`);
    const logicalId = this.deployed.resources.find(
      (r) => r.ResourceType === 'AWS::Lambda::Function' && r.PhysicalResourceId === fn.FunctionName,
    )?.LogicalResourceId;
    const code = logicalId ? (this.assembly.template.Resources[logicalId]?.Properties?.Code as { S3Key?: string } | undefined) : undefined;
    if (!code?.S3Key) throw new Error(`function ${fn.FunctionName} has no S3 code in the template`);
    if (this.deployed.codeSha256.get(code.S3Key) !== fn.CodeSha256) {
      throw new Error(`function ${fn.FunctionName}: deployed code ${fn.CodeSha256} is not the asset ${code.S3Key}`);
    }
    const bundleDir = path.join(this.taskRoot, fn.FunctionName);
    cpSync(path.join(this.assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`), bundleDir, { recursive: true });
    return {
      name: fn.FunctionName,
      arn: fn.FunctionArn,
      handler: fn.Handler,
      environment: fn.Environment?.Variables ?? {},
      role: fn.Role ?? '',
      bundleDir,
      memorySize: fn.MemorySize ?? 128,
      timeoutSeconds: fn.Timeout ?? 3,
      logGroup: fn.LoggingConfig?.LogGroup ?? `/aws/lambda/${fn.FunctionName}`,
    };
  }

  /** Runs the function's bundle in a fresh Node process (a cold container) with its deployed environment. */
  async invoke(fn: DeployedFunction, event: unknown): Promise<Invocation> {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'rapport-invoke-'));
    const eventFile = path.join(scratch, 'event.json');
    const resultFile = path.join(scratch, 'result.json');
    writeFileSync(eventFile, JSON.stringify(event));
    const credentials = this.roleCredentials.get(fn.role);
    if (!credentials) throw new Error(`${fn.name}: no credentials for its role ${fn.role}`);
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_PATH: this.nodePath,
      ...fn.environment,
      ...emulatorEnvironment({ ...this.config, endpoint: this.functionEndpoint, credentials }),
      // What Lambda sets in every Node.js container (Powertools Logger reads the first for cold starts).
      // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      REHEARSAL_TIMEOUT_MS: String(fn.timeoutSeconds * 1000),
    };
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [path.join(__dirname, 'run-bundle.cjs'), fn.bundleDir, fn.handler, eventFile, resultFile, fn.arn],
        {
          env,
          cwd: fn.bundleDir,
          timeout: INVOKE_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      // Powertools writes info lines to stdout, warnings and errors to stderr; Lambda logs both.
      const log = `${stdout}\n${stderr}`.split('\n').filter(Boolean);
      return { result: JSON.parse(readFileSync(resultFile, 'utf8')) as unknown, log };
    } catch (error) {
      const failure = error as { stderr?: string; stdout?: string };
      throw new Error(`${fn.name} failed:\n${failure.stdout ?? ''}${failure.stderr ?? String(error)}`, { cause: error });
    }
  }

  close(): void {
    this.lambda.destroy();
  }
}
