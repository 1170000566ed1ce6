/**
 * `npm run bench`: the hot paths measured side by side with what they are compared with, in one
 * run on the same inputs, never asserted (timings belong here, not in tests).
 * `npm run --silent bench -- --json` prints one JSON object instead of the table.
 * `--quick` makes every count small, for checking the report's shape, not its numbers.
 *
 *   parseInvite      every invitation and .ics of ../shared/corpus: Rapport's reader against
 *                    postal-mime + node-ical on the same bytes
 *   render           the prep brief, precompiled, against compiling its MJML on every render
 *   coldLoad         each Lambda bundle of cdk.out (`npm run synth`) in fresh Node processes
 *   digestHeavyUser  one weekly digest for 500 interviews and 2,000 contacts on dynalite
 *   cliOutboxCpuMs   `rapport outbox --json` against a running instance
 *   inboundBurst     50 forwards at once over SMTP to npm start's runtime
 */
import os from 'node:os';
import path from 'node:path';
import { benchInboundBurst, benchCliOutbox } from './burst';
import { benchColdLoad } from './cold-load';
import { benchDigestHeavyUser } from './digest';
import { benchParse } from './parse';
import { benchRender } from './render';
import { round } from './stats';

const CORPUS = process.env.RAPPORT_CORPUS ?? path.resolve(__dirname, '../../shared/corpus');
const CDK_OUT = path.resolve(__dirname, '../cdk.out');

interface Sizes {
  parseRuns: number;
  warmRenders: number;
  mjmlRenders: number;
  coldRuns: number;
  burst: number;
  digest: { interviews: number; contacts: number };
  cliRuns: number;
}

const FULL: Sizes = {
  parseRuns: 40,
  warmRenders: 2_000,
  mjmlRenders: 30,
  coldRuns: 11,
  burst: 50,
  digest: { interviews: 500, contacts: 2_000 },
  cliRuns: 5,
};
const QUICK: Sizes = {
  parseRuns: 2,
  warmRenders: 20,
  mjmlRenders: 2,
  coldRuns: 1,
  burst: 3,
  digest: { interviews: 60, contacts: 20 },
  cliRuns: 1,
};

/** Every number rounded for reading; structure kept. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? round(v) : v))) as T;
}

async function measure(sizes: Sizes) {
  const parse = await benchParse(CORPUS, sizes.parseRuns);
  const render = await benchRender(sizes.warmRenders, sizes.mjmlRenders);
  const coldLoad = benchColdLoad(CDK_OUT, sizes.coldRuns);
  const digestHeavyUser = await benchDigestHeavyUser(sizes.digest.interviews, sizes.digest.contacts);
  const cliOutboxCpuMs = await benchCliOutbox(20, sizes.cliRuns);
  const inboundBurst = await benchInboundBurst(sizes.burst);
  return rounded({
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
    parseInvite: {
      rapportMedianMs: parse.rapportMedianMs,
      rapportP95Ms: parse.rapportP95Ms,
      baselineMedianMs: parse.baselineMedianMs,
      files: parse.files,
    },
    render,
    coldLoad,
    digestHeavyUser: { readUnits: digestHeavyUser.readUnits, ms: digestHeavyUser.ms },
    cliOutboxCpuMs,
    inboundBurst,
    perFile: parse.perFile,
  });
}

type Report = Awaited<ReturnType<typeof measure>>;

function table(r: Report): string {
  const lines = [
    `Rapport bench, ${r.date}, ${r.machine}`,
    '',
    'figure                              measured      compared with                 target',
    `parse invitation, median            ${r.parseInvite.rapportMedianMs} ms`.padEnd(50) +
      `postal-mime+node-ical ${r.parseInvite.baselineMedianMs} ms`.padEnd(30) +
      '≤ baseline',
    `parse invitation, p95               ${r.parseInvite.rapportP95Ms} ms`.padEnd(80) + '≤ 5 ms',
    `render prep brief, warm median      ${r.render.warmMedianMs} ms`.padEnd(50) +
      `MJML at run time ${r.render.mjmlRuntimeMedianMs} ms`.padEnd(30) +
      `≥ 100× (${Math.round(r.render.mjmlRuntimeMedianMs / r.render.warmMedianMs)}×)`,
    ...Object.entries(r.coldLoad).map(
      ([name, c]) =>
        `cold load ${name} (${Math.round(c.bytes / 1024)} KB)`.padEnd(36) +
        `${c.loadMs} ms CPU`.padEnd(14) +
        `SDK clients only ${c.sdkClientsOnlyMs}, node ${c.nodeEmptyMs}`.padEnd(30) +
        `+${round(c.loadMs - c.sdkClientsOnlyMs)} ms (≤ 20)`,
    ),
    `digest, heavy user                  ${r.digestHeavyUser.readUnits} RCU, ${r.digestHeavyUser.ms} ms`.padEnd(80) + '≤ 10 RCU',
    `rapport outbox --json               ${r.cliOutboxCpuMs} ms CPU`.padEnd(80) + '≤ 300 ms',
    `50 forwards at once, p95            ${r.inboundBurst.oneUserP95Ms} ms one user`.padEnd(50) +
      `${r.inboundBurst.manyUsersP95Ms} ms 50 users`.padEnd(30) +
      '≤ 2×',
  ];
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<void> {
  const report = await measure(argv.includes('--quick') ? QUICK : FULL);
  process.stdout.write(argv.includes('--json') ? `${JSON.stringify(report)}\n` : table(report));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
