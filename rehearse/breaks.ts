/**
 * `npm run rehearse -- --break NAME`: the stack broken the ways a real deployment breaks, each of
 * which the rehearsal must fail on, naming the cause (docs/operations.md "Deploy rehearsal").
 * A break changes what is deployed (the synthesized assembly) or what AWS answers (a fault), never
 * the checks.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { Assembly } from './deploy';
import type { FaultRule } from './fault-proxy';

const PROJECT_ROOT = path.resolve(__dirname, '..');

export interface Break {
  /** What the break does, as the rehearsal prints it. */
  does: string;
  /** What the rehearsal's failure must name. */
  expectedCause: RegExp;
  /** Changes the synthesized assembly before it is deployed. */
  alterAssembly?: (assembly: Assembly) => void;
  /** Faults on the functions' AWS calls for the whole run. */
  faults?: FaultRule[];
}

/** The handler file each deployed function's bundle was built from, by logical id. */
function bundledHandlers(assembly: Assembly): { handler: string; assetDir: string }[] {
  return Object.values(assembly.template.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function' && typeof r.Properties?.FunctionName === 'string')
    .map((r) => ({
      handler: String(r.Properties?.FunctionName).slice(assembly.stackName.length + 1),
      assetDir: path.join(assembly.directory, `asset.${String((r.Properties?.Code as { S3Key?: string }).S3Key).replace(/\.zip$/, '')}`),
    }))
    .filter(({ assetDir }) => readdirSync(assetDir).includes('index.js'));
}

/** Bundles every function again as infra/ does, but with `moduleName` left out (external), as a mistyped externalModules would. */
function leaveOutOfBundles(assembly: Assembly, moduleName: string): void {
  for (const { handler, assetDir } of bundledHandlers(assembly)) {
    buildSync({
      entryPoints: [path.join(PROJECT_ROOT, 'functions', 'handlers', `${handler}.ts`)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      external: ['@aws-sdk/*', moduleName],
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      outfile: path.join(assetDir, 'index.js'),
      logLevel: 'silent',
    });
  }
}

/** Drops every DynamoDB statement from the policies of `functionName`'s execution role. */
function removeTableGrant(assembly: Assembly, functionName: string): void {
  const resources = assembly.template.Resources;
  const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.FunctionName === functionName);
  const roleId = (fn?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  if (!roleId) throw new Error(`no execution role found for ${functionName}`);
  let removed = 0;
  for (const resource of Object.values(resources)) {
    const props = resource.Properties as { Roles?: { Ref?: string }[]; PolicyDocument?: { Statement: { Action: string | string[] }[] } };
    if (resource.Type !== 'AWS::IAM::Policy' || !props.Roles?.some((role) => role.Ref === roleId) || !props.PolicyDocument) continue;
    const statements = props.PolicyDocument.Statement;
    props.PolicyDocument.Statement = statements.filter((s) => ![s.Action].flat().some((action) => action.startsWith('dynamodb:')));
    removed += statements.length - props.PolicyDocument.Statement.length;
  }
  if (removed === 0) throw new Error(`${functionName}'s role had no table grant to remove`);
}

/** Drops the statement that lets CloudWatch publish from the alarm topic's policy (the TLS-only deny stays). */
function closeAlarmTopic(assembly: Assembly): void {
  let removed = 0;
  for (const resource of Object.values(assembly.template.Resources)) {
    const props = resource.Properties as { PolicyDocument?: { Statement: { Sid?: string }[] } };
    if (resource.Type !== 'AWS::SNS::TopicPolicy' || !props.PolicyDocument) continue;
    const statements = props.PolicyDocument.Statement;
    props.PolicyDocument.Statement = statements.filter((s) => s.Sid !== 'CloudWatchAlarmsPublish');
    removed += statements.length - props.PolicyDocument.Statement.length;
  }
  if (removed === 0) throw new Error('no topic policy let CloudWatch publish: nothing to remove');
}

export const BREAKS = {
  'missing-dependency': {
    does: 'zod is left out of every bundle (external, as if the runtime provided it)',
    expectedCause: /Cannot find module 'zod/,
    alterAssembly: (assembly) => leaveOutOfBundles(assembly, 'zod'),
  },
  'grant-removed': {
    does: "process-inbound's execution role loses its table grant",
    expectedCause: /not authorized to perform: dynamodb:/,
    alterAssembly: (assembly) => removeTableGrant(assembly, `${assembly.stackName}-process-inbound`),
  },
  'unknown-resource': {
    does: 'the template gains an AWS::Lambda::Alias, a type the emulator does not create',
    expectedCause: /Resource type AWS::Lambda::Alias is not created/,
    alterAssembly: (assembly) => {
      assembly.template.Resources.RehearsalBrokenAlias = {
        Type: 'AWS::Lambda::Alias',
        Properties: { FunctionName: `${assembly.stackName}-no-such-function`, FunctionVersion: '$LATEST', Name: 'live' },
      };
    },
  },
  'always-throttled': {
    does: 'SES answers every send with TooManyRequestsException, for the whole run',
    expectedCause: /TooManyRequestsException/,
    faults: [{ call: 'ses:SendEmail', fault: 'throttle' }],
  },
  'alarm-topic-closed': {
    does: "the alarm topic's policy loses the statement that lets CloudWatch publish to it",
    expectedCause: /cannot ring: topic policy of .* does not allow cloudwatch\.amazonaws\.com/,
    alterAssembly: closeAlarmTopic,
  },
} satisfies Record<string, Break>;

export type BreakName = keyof typeof BREAKS;

export function isBreakName(name: string): name is BreakName {
  return Object.hasOwn(BREAKS, name);
}
