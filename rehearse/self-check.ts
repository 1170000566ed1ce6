/**
 * `npm run rehearse:breaks`: the rehearsal must fail, naming the cause, on each way a real
 * deployment breaks (rehearse/breaks.ts). Runs `npm run rehearse -- --break NAME` for each and
 * exits 1 if any of them passed or failed without naming its cause.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BREAKS } from './breaks';
import { say } from './output';

let wrong = 0;
for (const name of Object.keys(BREAKS)) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'rehearse.ts'), '--break', name], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const named = /naming the cause:\n\s*(.*)/.exec(run.stdout)?.[1];
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status === 1 && named) {
    say(`✓ --break ${name}: failed in ${seconds} s, naming ${named.slice(0, 160)}`);
  } else {
    wrong += 1;
    say(`✗ --break ${name}: exit ${run.status}${named ? '' : ', cause not named'}\n${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}`);
  }
}
process.exitCode = wrong > 0 ? 1 : 0;
