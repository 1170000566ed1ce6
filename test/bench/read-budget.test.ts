import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { BudgetRow } from '../../bench/read-budget';
import { HANG_GUARD_MS } from '../support/hang-guard';

/**
 * The read budget, checked by its harness (bench/read-budget.ts) rather than timed here: every
 * hostile message is read in a fresh process with the heap capped at the budget, and its CPU time
 * and peak memory are measured there. This test runs the harness and reads its verdicts.
 */
const ROOT = path.resolve(__dirname, '../..');

describe('the read budget', () => {
  it(
    'reads every hostile message within 1 s of CPU and 256 MB, in the handler’s read and in rapport parse and read',
    () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/read-budget.ts', '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: HANG_GUARD_MS,
      });
      expect(run.stderr).toBe('');
      const rows = JSON.parse(run.stdout) as BudgetRow[];
      const over = rows
        .filter((row) => !row.withinBudget)
        .map((row) => `${row.input} (${row.mode}): ${row.cpuMs ?? '?'} ms, ${row.rssMb ?? '?'} MB, ${row.outcome}`);
      expect(over).toEqual([]);
      // The attacks went through all three ways in.
      for (const input of ['zone-minutely', 'html-1 <style ', 'forward-fan-out']) {
        expect(
          rows
            .filter((row) => row.input === input)
            .map((row) => row.mode)
            .sort(),
        ).toEqual(['cli-read', 'parse', 'read']);
      }
      expect(run.status).toBe(0);
    },
    HANG_GUARD_MS,
  );
});
