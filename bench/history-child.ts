/**
 * One history path measured in a process of its own (started by bench/history.ts, bundled first
 * like the Lambda functions, so the memory is the code's, not a TypeScript loader's), against
 * the dynalite of the parent over its Unix socket: `export` or `digest` for the heavy user.
 * Prints one `HISTORY {json}` line on stderr: the path's wall time and CPU time, its read units, the peak
 * resident memory of this process alone and its resident memory before the path ran.
 *
 *   node history-child.js <export|digest> <socketPath> <table> <dataDir>
 */
import { readFileSync } from 'node:fs';
import { documentClientOverSocket } from '../functions/adapters/dynamodb/local-dynamodb';
import { sendDigest } from '../functions/workflows/send-digest';
import { sendReport } from '../functions/workflows/send-report';
import { countReadUnits, heavyUserDeps, HEAVY_USER_ID } from '../test/support/seed-heavy-user';

/**
 * This process's resident memory now and at its peak, in MB: VmRSS and VmHWM of /proc/self/status,
 * the child's own (Linux's `maxRSS` starts from the parent's peak at the fork). Elsewhere, maxRSS.
 */
export function ownMemoryMb(): { nowMb: number; peakMb: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { nowMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    const mb = Math.round(process.resourceUsage().maxRSS / 1024);
    return { nowMb: mb, peakMb: mb };
  }
}

async function main(): Promise<void> {
  const [path, socketPath, table, dataDir] = process.argv.slice(2) as [string, string, string, string];
  const client = documentClientOverSocket(socketPath);
  const reads = countReadUnits(client);
  const deps = heavyUserDeps({ client }, table, dataDir, 'bench');
  const before = ownMemoryMb().nowMb;
  reads.start();
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const outcome =
    path === 'export'
      ? await sendReport(deps, { kind: 'report', report: 'export', userId: HEAVY_USER_ID, messageKey: 'b0b0' })
      : await sendDigest(deps, { kind: 'weekly-digest', userId: HEAVY_USER_ID });
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const readUnits = reads.stop();
  client.destroy();
  process.stderr.write(
    `HISTORY ${JSON.stringify({ outcome, ms, cpuMs: (cpu.user + cpu.system) / 1000, readUnits, beforeMb: before, peakMb: ownMemoryMb().peakMb })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
