import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { median } from './stats';

/**
 * What each Lambda bundle costs a fresh Node process, in CPU milliseconds (user + system, the
 * whole process from start to exit, so the machine's other load counts little), three ways:
 *   nodeEmptyMs       `node -e` doing nothing;
 *   sdkClientsOnlyMs  loading and constructing just the AWS SDK clients the bundle loads at its
 *                     cold start (a package it requires only on a path's first use, such as S3 or
 *                     Secrets Manager, is paid for by that path, not by the cold start);
 *   loadMs            requiring the bundle itself (its top level runs, as in a Lambda init).
 * loadMs − sdkClientsOnlyMs is what our own code adds. @aws-sdk comes from node_modules here,
 * from the runtime in Lambda (the bundles mark it external).
 *
 * loadMs and sdkClientsOnlyMs run in the function's environment as synthesized: every plain string
 * variable of its template (NODE_OPTIONS above all, so a Node option the function is deployed with,
 * such as --enable-source-maps, is paid here as in Lambda), over dummy values for the resources.
 * Nothing is inherited from the shell's NODE_OPTIONS. nodeEmptyMs is plain `node`.
 */
export interface ColdLoadFigures {
  bytes: number;
  loadMs: number;
  sdkClientsOnlyMs: number;
  /** The same SDK packages required, no client built: the fair reference, as the bundles build clients on first use. */
  sdkPackagesOnlyMs: number;
  nodeEmptyMs: number;
}

const ROOT = path.resolve(__dirname, '..');

/** Enough of each function's environment for its top level to run; nothing is called. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  RAW_MAIL_BUCKET: 'bench-mail',
  RAW_MAIL_PREFIX: 'inbound/',
  INBOUND_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench',
  TABLE_NAME: 'bench',
  ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
  TOKEN_KEY_PARAMETER: '/bench/reply-token-key',
  MAIL_DOMAIN: 'bench.example.com',
  SCHEDULE_GROUP_NAME: 'bench',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/bench',
  REMINDER_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:bench-reminder',
  DIGEST_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:bench-digest',
  ALLOWED_SENDERS: '*',
  NODE_NO_WARNINGS: '1',
  AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
};

/**
 * What `node -e script` prints, run in the shell's environment less its Node options (only a
 * function's own NODE_OPTIONS may count) with `env` on top.
 */
function nodeEval(script: string, env: Record<string, string>): string {
  const { NODE_OPTIONS: _ignored, ...shell } = process.env;
  return execFileSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...shell, ...env } }).toString();
}

const REPORT_CPU = "process.on('exit',()=>{const u=process.cpuUsage();process.stdout.write(String((u.user+u.system)/1000))});";

function cpuOfProcess(script: string, env: Record<string, string>): number {
  return Number(nodeEval(REPORT_CPU + script, env));
}

function medianOf(runs: number, script: string, env: Record<string, string> = LAMBDA_ENV): number {
  return median(Array.from({ length: runs }, () => cpuOfProcess(script, env)));
}

/** The SDK packages a bundle requires, wherever it requires them. */
export function sdkPackagesRequiredBy(bundleSource: string): string[] {
  return [...new Set([...bundleSource.matchAll(/require\("(@aws-sdk\/[a-z0-9-]+)"\)/g)].map((m) => m[1]!))].sort();
}

/** Of those, the ones requiring the bundle loads (its top level, as in a Lambda init), read off require.cache. */
function sdkPackagesLoadedBy(file: string, required: readonly string[], env: Record<string, string>): string[] {
  const script = `require(${JSON.stringify(file)});process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const loaded = JSON.parse(nodeEval(script, env)) as string[];
  return required.filter((pkg) => loaded.some((module) => module.includes(`/node_modules/${pkg}/`)));
}

/** A script that loads each of these SDK packages and constructs its clients. */
export function sdkClientsScript(packages: readonly string[]): string {
  const lines = packages.map((pkg) =>
    pkg === '@aws-sdk/lib-dynamodb'
      ? `require('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient.from(new (require('@aws-sdk/client-dynamodb').DynamoDBClient)({}));`
      : `{const m=require(${JSON.stringify(pkg)});for(const k of Object.keys(m))if(/^[A-Z][A-Za-z0-9]*Client$/.test(k))new m[k]({});}`,
  );
  return lines.join('');
}

interface TemplateResource {
  Type: string;
  Properties: { FunctionName?: string; Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
}

/** A function's deployed variables that are plain strings (a Ref or GetAtt keeps its dummy value). */
function deployedStrings(resource: TemplateResource): Record<string, string> {
  const variables = Object.entries(resource.Properties.Environment?.Variables ?? {});
  return Object.fromEntries(variables.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The Lambda bundles of the last `npm run synth`, by function name (cdk.out keeps older assets too). */
export function synthesizedBundles(cdkOut: string): { name: string; file: string; env: Record<string, string> }[] {
  const template = path.join(cdkOut, 'Rapport.template.json');
  if (!existsSync(template)) return [];
  const resources = Object.values(
    (JSON.parse(readFileSync(template, 'utf8')) as { Resources: Record<string, TemplateResource> }).Resources,
  );
  return resources
    .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName?.startsWith('Rapport-'))
    .map((r) => ({
      name: r.Properties.FunctionName!.replace(/^Rapport-/, ''),
      file: path.join(cdkOut, `asset.${r.Properties.Code!.S3Key!.replace(/\.zip$/, '')}`, 'index.js'),
      env: { ...LAMBDA_ENV, ...deployedStrings(r) },
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function benchColdLoad(cdkOut: string, runs: number): Record<string, ColdLoadFigures> {
  const nodeEmptyMs = medianOf(runs, '');
  const figures: Record<string, ColdLoadFigures> = {};
  for (const { name, file, env } of synthesizedBundles(cdkOut)) {
    const packages = sdkPackagesLoadedBy(file, sdkPackagesRequiredBy(readFileSync(file, 'utf8')), env);
    figures[name] = {
      bytes: statSync(file).size,
      loadMs: medianOf(runs, `require(${JSON.stringify(file)});`, env),
      sdkClientsOnlyMs: medianOf(runs, sdkClientsScript(packages), env),
      sdkPackagesOnlyMs: medianOf(runs, packages.map((pkg) => `require(${JSON.stringify(pkg)});`).join(''), env),
      nodeEmptyMs,
    };
  }
  return figures;
}
