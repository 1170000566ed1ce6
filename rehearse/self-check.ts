/**
 * `npm run rehearse:breaks`: the rehearsal must fail, naming the cause, on each way a real
 * deployment breaks (rehearse/breaks.ts). Runs `npm run rehearse -- --break NAME` for each and
 * exits 1 if any of them passed or failed without naming its cause.
 *
 * The stack is synthesized once (`.rehearse/breaks`) and each break deploys a copy of it
 * (`--assembly`), altered its own way in its own folder (`.rehearse/break-NAME`): cdk synth was a
 * third of each break's time. The breaks then run as many at a time as the machine has cores, those
 * that fail latest in the rehearsal (so run longest) first: each keeps about one core busy (moto
 * server and one function process at a time), so on CI's two cores two at once take little more
 * than one. They share nothing else: each starts its own moto server and fault proxy on free ports
 * and runs its bundles from temporary folders of its own. A run's output is kept until it ends, so
 * each break's verdict prints whole, as it finishes.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { BREAKS, type BreakName } from './breaks';
import { say } from './output';
import { assemblyDir, synthesize } from './synth';

/** The breaks the rehearsal fails on last, which run longest: started first so that none is left running alone at the end. */
const LONGEST: BreakName[] = ['alarm-topic-closed', 'always-throttled'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: string;
}

/** One `--break NAME` rehearsal in a process of its own; resolves when it exits, with all it printed. */
function rehearseBroken(name: BreakName, assembly: string): Promise<Run> {
  const started = Date.now();
  const args = [require.resolve('tsx/cli'), path.join(__dirname, 'rehearse.ts'), '--break', name, '--assembly', assembly];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr, seconds: ((Date.now() - started) / 1000).toFixed(1) }));
  });
}

/** Prints the break's verdict; true when the run failed and named its cause. */
function verdict(name: BreakName, run: Run): boolean {
  const named = /naming the cause:\n\s*(.*)/.exec(run.stdout)?.[1];
  if (run.status === 1 && named) {
    say(`✓ --break ${name}: failed in ${run.seconds} s, naming ${named.slice(0, 160)}`);
    return true;
  }
  say(`✗ --break ${name}: exit ${run.status}${named ? '' : ', cause not named'}\n${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}`);
  return false;
}

async function main(): Promise<number> {
  const started = Date.now();
  say('Synthesizing the stack once for every break…');
  const { directory } = synthesize(assemblyDir('breaks'));
  const names = Object.keys(BREAKS) as BreakName[];
  const waiting = [...LONGEST, ...names.filter((name) => !LONGEST.includes(name))];
  let wrong = 0;
  const worker = async (): Promise<void> => {
    for (let name = waiting.shift(); name; name = waiting.shift()) {
      if (!verdict(name, await rehearseBroken(name, directory))) wrong += 1;
    }
  };
  const at = Math.min(os.availableParallelism(), waiting.length);
  await Promise.all(Array.from({ length: at }, worker));
  say(`${names.length} breaks, ${at} at a time, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return wrong > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
