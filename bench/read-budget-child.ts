/**
 * One measured read, in a process of its own (started by bench/read-budget.ts with
 * `--max-old-space-size`): `read` is `readInboundMail`, what the inbound-email handler calls, then the text
 * invitation times process-inbound reads (`readInvitationTimes`);
 * `parse` and `cli-read` are the `rapport parse` and `rapport read` commands. Prints one
 * `BUDGET {json}` line on stderr: CPU of the read itself, and the process's peak resident memory.
 * `fuzz SEED COUNT` reads the seeded structural mutations of the corpus instead.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { readInboundMail } from '../functions/inbound/read-inbound-mail';
import { readInvitationTimes } from '../functions/inbound/text-invitation-times';
import { ENVELOPE, fuzzCases, summarize } from '../test/support/fuzz-mail';

type Mode = 'read' | 'parse' | 'cli-read';

/**
 * This process's own peak resident memory in MB. Linux's `maxRSS` carries over the peak of the
 * process this one was forked from (the parent's copy before exec), so a parent bigger than the
 * read shows as the read's peak; VmHWM in /proc/self/status is the high-water mark of this
 * program's memory alone. Elsewhere, maxRSS is what there is.
 */
function ownPeakMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Math.round(Number(hwm) / 1024);
  } catch {
    // not Linux: fall through
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const MODES: Record<Mode, (file: string) => Promise<string>> = {
  read: async (file) => {
    const read = await readInboundMail(await readFile(file), {
      recipients: ['log@rapport.localhost'],
      authenticated: true,
      deliveryId: 'budget',
      receivedAt: new Date('2027-02-22T09:00:00Z'),
    });
    if (!read.ok) return `dropped: ${read.why}`;
    // The text times process-inbound reads are part of the message's read too.
    const invitation = readInvitationTimes(read.mail.invitation);
    return invitation.ok ? 'invitation' : invitation.reason;
  },
  // Loaded on demand, like the CLI does, so each measured path pays only for its own modules.
  /* eslint-disable @typescript-eslint/no-require-imports */
  parse: async (file) => `exit ${await (require('../functions/local/commands/parse') as CommandModule).run([file])}`,
  'cli-read': async (file) => `exit ${await (require('../functions/local/commands/read') as CommandModule).run([file])}`,
  /* eslint-enable @typescript-eslint/no-require-imports */
};

interface CommandModule {
  run(args: string[]): Promise<number>;
}

/** `fuzz SEED COUNT`: each case of test/support/fuzz-mail.ts read and measured, one `FUZZ {json}` line each on stdout. */
async function fuzz(seed: number, count: number): Promise<void> {
  const cases = await fuzzCases(seed, count);
  for (const fuzzCase of cases) {
    const before = process.cpuUsage();
    const got = summarize(await readInboundMail(fuzzCase.raw, ENVELOPE));
    const cpu = process.cpuUsage(before);
    const row = {
      name: fuzzCase.name,
      bytes: fuzzCase.raw.length,
      expect: fuzzCase.expect,
      baseline: fuzzCase.baseline,
      got,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    process.stdout.write(`FUZZ ${JSON.stringify(row)}\n`);
  }
  process.stderr.write(`BUDGET ${JSON.stringify({ rssMb: ownPeakMb(), cases: cases.length })}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'fuzz') return fuzz(Number(process.argv[3]), Number(process.argv[4]));
  const [mode, file] = process.argv.slice(2) as [Mode, string];
  const measure = MODES[mode];
  // The commands write their JSON to stdout; the parent does not read it.
  const before = process.cpuUsage();
  const outcome = await measure(file);
  const cpu = process.cpuUsage(before);
  const result = { cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: ownPeakMb(), outcome };
  process.stderr.write(`BUDGET ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
