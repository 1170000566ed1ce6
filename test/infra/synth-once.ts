import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { createRapportApp } from '../../infra/rapport-app';
import type { RapportStack } from '../../infra/rapport-stack';

export const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** The feature flags `cdk synth` would apply, so the test synthesizes what gets deployed. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export interface Synthesized {
  stack: RapportStack;
  assembly: CloudAssembly;
  template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  templatePath: string;
  outdir: string;
  millis: number;
}

/**
 * Synthesizes the real app (real handlers, local esbuild, cdk-nag) into a temporary cloud
 * assembly, isolated from the process environment so that no account or region leaks in.
 */
export function synthesize(context: Record<string, unknown>): Synthesized {
  const started = Date.now();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cdk-'));
  const { app, stack } = createRapportApp({ outdir, context: { ...cdkJsonContext(), ...context } }, {});
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  return {
    stack,
    assembly,
    template: artifact.template,
    templatePath: artifact.templateFullPath,
    outdir,
    millis: Date.now() - started,
  };
}

/** cfn-lint with the project's `.cfnlintrc` (its ignore list); output is empty when clean. */
export function cfnLint(templatePath: string): { status: number; output: string } {
  try {
    const output = execFileSync('cfn-lint', ['--', templatePath], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string; message: string };
    return { status: failed.status ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message };
  }
}
