import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Assembly, CdkTemplate } from './deploy';
import { DOMAIN, STACK_NAME, STAGE } from './inbound';
import { USER } from './mail';

const PROJECT_ROOT = path.resolve(__dirname, '..');
/** The settings the rehearsal deploys with (a real deploy passes its own, docs/deploy.md). */
const SETTINGS = { domain: DOMAIN, allowedSenders: USER.address, alarmEmail: 'ops@example.com', stage: STAGE };

/**
 * An assembly folder under `.rehearse/`: the rehearsal's own, or `.rehearse/NAME/cdk.out`. Each
 * break has one (`break-NAME`) since it alters what it deploys and `npm run rehearse:breaks` runs
 * several at once (rehearse/self-check.ts).
 */
export const assemblyDir = (name = ''): string => path.join(PROJECT_ROOT, '.rehearse', name, 'cdk.out');

function readAssembly(directory: string): Assembly {
  const template = JSON.parse(readFileSync(path.join(directory, `${STACK_NAME}.template.json`), 'utf8')) as CdkTemplate;
  return { directory, stackName: STACK_NAME, template };
}

/** `cdk synth` offline with the rehearsal's settings, into a folder of its own. */
export function synthesize(directory: string): Assembly {
  rmSync(directory, { recursive: true, force: true });
  const context = Object.entries(SETTINGS).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  execFileSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '-o', directory, ...context], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readAssembly(directory);
}

/**
 * A copy of an assembly {@link synthesize} made (`--assembly FROM`): the breaks all deploy the
 * same synthesized stack, each altered its own way in its own copy, so `npm run rehearse:breaks`
 * synthesizes it once rather than once a break.
 */
export function copyAssembly(from: string, directory: string): Assembly {
  rmSync(directory, { recursive: true, force: true });
  cpSync(from, directory, { recursive: true });
  return readAssembly(directory);
}
