/**
 * One measured read, in a process of its own (started by bench/read-budget.ts with
 * `--max-old-space-size`): `read` is `readInboundMail`, what the inbound-email handler calls;
 * `parse` and `cli-read` are the `rapport parse` and `rapport read` commands. Prints one
 * `BUDGET {json}` line on stderr: CPU of the read itself, and the process's peak resident memory.
 */
import { readFile } from 'node:fs/promises';
import { readInboundMail } from '../functions/mail/inbound/read-inbound-mail';

type Mode = 'read' | 'parse' | 'cli-read';

const MODES: Record<Mode, (file: string) => Promise<string>> = {
  read: async (file) => {
    const read = await readInboundMail(await readFile(file), {
      recipients: ['log@rapport.localhost'],
      authenticated: true,
      deliveryId: 'budget',
      receivedAt: new Date('2027-02-22T09:00:00Z'),
    });
    if (!read.ok) return `dropped: ${read.why}`;
    return read.mail.invitation.ok ? 'invitation' : read.mail.invitation.reason;
  },
  parse: async (file) => `exit ${await (require('../functions/local/commands/parse') as CommandModule).run([file])}`,
  'cli-read': async (file) => `exit ${await (require('../functions/local/commands/read') as CommandModule).run([file])}`,
};

interface CommandModule {
  run(args: string[]): Promise<number>;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2) as [Mode, string];
  const measure = MODES[mode];
  // The commands write their JSON to stdout; the parent does not read it.
  const before = process.cpuUsage();
  const outcome = await measure(file);
  const cpu = process.cpuUsage(before);
  const usage = process.resourceUsage();
  const result = { cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: Math.round(usage.maxRSS / 1024), outcome };
  process.stderr.write(`BUDGET ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
