import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClientConfig } from './emulator';

/** What `cdk bootstrap` would have made: the asset bucket of the default qualifier and its version. */
const BOOTSTRAP_QUALIFIER = 'hnb659fds';
const BOOTSTRAP_VERSION = '30';

export interface Assembly {
  directory: string;
  stackName: string;
  template: CdkTemplate;
}

export interface CdkTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export interface Deployed {
  resources: StackResourceSummary[];
  outputs: Record<string, string>;
  /** Lambda zip object key → base64 SHA-256 of the zip uploaded for it (what Lambda reports as CodeSha256). */
  codeSha256: Map<string, string>;
}

/** One zip per `asset.<hash>` folder, as `cdk deploy` publishes them (`<hash>.zip` in the asset bucket). */
function zipAsset(assetDir: string, into: string): Buffer {
  const zip = path.join(into, `${path.basename(assetDir)}.zip`);
  // Python's own zipfile CLI: no zip tool or npm package needed on the machine.
  execFileSync('python3', ['-m', 'zipfile', '-c', zip, ...readdirSync(assetDir)], { cwd: assetDir });
  return readFileSync(zip);
}

/**
 * `cdk deploy`, as far as the emulator goes: bootstrap resources, file assets published to the
 * bootstrap bucket, then CreateStack with the synthesized template. moto creates the stack
 * synchronously, so the stack is complete (or failed) when CreateStack returns.
 */
export async function deploy(assembly: Assembly, config: AwsClientConfig): Promise<Deployed> {
  const account = '123456789012';
  const bucket = `cdk-${BOOTSTRAP_QUALIFIER}-assets-${account}-${config.region}`;
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const ssm = new SSMClient(config);
  const cloudformation = new CloudFormationClient(config);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await ssm.send(
      new PutParameterCommand({ Name: `/cdk-bootstrap/${BOOTSTRAP_QUALIFIER}/version`, Value: BOOTSTRAP_VERSION, Type: 'String' }),
    );

    const scratch = mkdtempSync(path.join(os.tmpdir(), 'rapport-assets-'));
    const codeSha256 = new Map<string, string>();
    for (const entry of readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'))) {
      const zip = zipAsset(path.join(assembly.directory, entry), scratch);
      const key = `${entry.slice('asset.'.length)}.zip`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: zip }));
      codeSha256.set(key, createHash('sha256').update(zip).digest('base64'));
    }
    // A template this size must come from S3 (TemplateBody is limited to 51,200 bytes).
    const templateKey = `${assembly.stackName}.template.json`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: templateKey, Body: JSON.stringify(assembly.template) }));

    await cloudformation.send(
      new CreateStackCommand({
        StackName: assembly.stackName,
        TemplateURL: `https://${bucket}.s3.amazonaws.com/${templateKey}`,
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      }),
    );
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: assembly.stackName }));
    const stack = Stacks?.[0];
    if (stack?.StackStatus !== 'CREATE_COMPLETE') {
      throw new Error(`stack ${assembly.stackName} is ${stack?.StackStatus}: ${stack?.StackStatusReason ?? 'no reason given'}`);
    }
    const resources: StackResourceSummary[] = [];
    let token: string | undefined;
    do {
      const page = await cloudformation.send(new ListStackResourcesCommand({ StackName: assembly.stackName, NextToken: token }));
      resources.push(...(page.StackResourceSummaries ?? []));
      token = page.NextToken;
    } while (token);
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
    return { resources, outputs, codeSha256 };
  } finally {
    for (const client of [s3, ssm, cloudformation]) client.destroy();
  }
}
