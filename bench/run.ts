/**
 * `npm run bench`: the hot paths measured side by side with what they are compared with, in one
 * run on the same inputs, never asserted (timings belong here, not in tests).
 * `npm run --silent bench -- --json` prints one JSON object instead of the table.
 * `--quick` makes every count small, for checking the report's shape, not its numbers.
 *
 *   parseInvite      every invitation and .ics of ../shared/corpus, emails apart from .ics files:
 *                    Rapport's reader against postal-mime + node-ical and postal-mime + ical.js
 *                    on the same bytes, interleaved, wall-clock and CPU medians, the load recorded
 *   render           the prep brief, precompiled, against compiling its MJML on every render
 *   coldLoad         each Lambda bundle of cdk.out (`npm run synth`) in fresh Node processes
 *   coldStart        the same, init and first event together: each bundle handles one event
 *                    against moto server (bench/first-invoke.ts)
 *   history          a heavy user (10,000 interviews, 20,000 contacts) on every path that reads
 *                    history: prep brief, thank-you, nudge, digest, export (bench/history.ts)
 *   cliOutboxCpuMs   `rapport outbox --json` against a running instance
 *   inboundBurst     50 forwards at once over SMTP to npm start's runtime
 *   outboxPage       the outbox page after 1,000 emails, against reading the whole outbox
 */
import os from 'node:os';
import path from 'node:path';
import { benchInboundBurst, benchCliOutbox } from './burst';
import { benchColdLoad, synthesizedBundles } from './cold-load';
import { benchFirstInvoke } from './first-invoke';
import { benchHistory } from './history';
import { benchOutboxPage } from './outbox';
import { benchParse } from './parse';
import { benchRender } from './render';
import { round } from './stats';
import { CORPUS } from '../test/support/corpus';

const CDK_OUT = path.resolve(__dirname, '../cdk.out');

interface Sizes {
  parseRuns: number;
  warmRenders: number;
  mjmlRenders: number;
  coldRuns: number;
  burst: number;
  history: { interviews: number; contacts: number };
  renderColdRuns: number;
  cliRuns: number;
  outbox: { emails: number; runs: number };
}

const FULL: Sizes = {
  parseRuns: 40,
  warmRenders: 2_000,
  mjmlRenders: 30,
  coldRuns: 11,
  burst: 50,
  history: { interviews: 10_000, contacts: 20_000 },
  renderColdRuns: 11,
  cliRuns: 5,
  outbox: { emails: 1_000, runs: 5 },
};
const QUICK: Sizes = {
  parseRuns: 2,
  warmRenders: 20,
  mjmlRenders: 2,
  coldRuns: 1,
  burst: 3,
  history: { interviews: 60, contacts: 120 },
  renderColdRuns: 1,
  cliRuns: 1,
  outbox: { emails: 30, runs: 1 },
};

/** Every number rounded for reading; structure kept. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? round(v) : v))) as T;
}

async function measure(sizes: Sizes) {
  const parse = await benchParse(CORPUS, sizes.parseRuns);
  const render = await benchRender(sizes.warmRenders, sizes.mjmlRenders, sizes.renderColdRuns);
  const coldLoad = benchColdLoad(CDK_OUT, sizes.coldRuns);
  const firstInvoke = await benchFirstInvoke(synthesizedBundles(CDK_OUT));
  const history = await benchHistory(sizes.history.interviews, sizes.history.contacts);
  const cliOutboxCpuMs = await benchCliOutbox(20, sizes.cliRuns);
  const inboundBurst = await benchInboundBurst(sizes.burst);
  const outboxPage = await benchOutboxPage(sizes.outbox.emails, sizes.outbox.runs);
  return rounded({
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
    parseInvite: {
      rapportMedianMs: parse.rapportMedianMs,
      rapportP95Ms: parse.rapportP95Ms,
      baselineMedianMs: parse.baselineMedianMs,
      files: parse.files,
      eml: parse.eml,
      ics: parse.ics,
      loadAverage: parse.loadAverage,
      icalJsUnreadable: parse.icalJsUnreadable,
    },
    render: {
      warmMs: render.warmMedianMs,
      compiledOncePeerMs: render.compiledOncePeerMs,
      mjmlEveryRenderMs: render.mjmlRuntimeMedianMs,
      coldStartCpuMs: render.coldStartCpuMs,
      peerColdStartCpuMs: render.peerColdStartCpuMs,
    },
    coldLoad,
    coldStart: Object.fromEntries(
      Object.entries(coldLoad).map(([name, c]) => [
        name,
        { initCpuMs: c.loadMs, firstInvokeCpuMs: firstInvoke[name]?.firstInvokeCpuMs, sdkPackagesOnlyCpuMs: c.sdkPackagesOnlyMs },
      ]),
    ),
    history,
    cliOutboxCpuMs,
    inboundBurst,
    outboxPage,
    perFile: parse.perFile,
  });
}

type Report = Awaited<ReturnType<typeof measure>>;

function table(r: Report): string {
  const lines = [
    `Rapport bench, ${r.date}, ${r.machine}`,
    '',
    'figure                              measured      compared with                 target',
    ...(['eml', 'ics'] as const).flatMap((kind) => {
      const { rapportMs, postalNodeIcalMs, postalIcalJsMs, slowerOn, slowerThanFasterPeerOn, files, cpu } = r.parseInvite[kind];
      return [
        `parse invitation .${kind}, median`.padEnd(36) +
          `${rapportMs} ms`.padEnd(14) +
          `postal-mime+node-ical ${postalNodeIcalMs}, +ical.js ${postalIcalJsMs} ms`.padEnd(44) +
          ` slower than node-ical on ${slowerOn} of ${files}, than the faster peer on ${slowerThanFasterPeerOn}`,
        `  the same, CPU time`.padEnd(36) +
          `${cpu.rapportMs} ms`.padEnd(14) +
          `postal-mime+node-ical ${cpu.postalNodeIcalMs}, +ical.js ${cpu.postalIcalJsMs} ms`.padEnd(44) +
          ` slower than node-ical on ${cpu.slowerOn} of ${files}, than the faster peer on ${cpu.slowerThanFasterPeerOn}`,
      ];
    }),
    `  load average (1 min) during parse ${r.parseInvite.loadAverage.start} → ${r.parseInvite.loadAverage.end}`,
    `parse invitation, p95               ${r.parseInvite.rapportP95Ms} ms`.padEnd(80) + '≤ 5 ms',
    `render prep brief, warm median      ${r.render.warmMs} ms`.padEnd(50) +
      `MJML+Handlebars compiled once ${r.render.compiledOncePeerMs} ms`.padEnd(30) +
      `(MJML every render ${r.render.mjmlEveryRenderMs} ms)`,
    `render prep brief, cold start CPU   ${r.render.coldStartCpuMs} ms`.padEnd(50) + `MJML+Handlebars ${r.render.peerColdStartCpuMs} ms`,
    ...Object.entries(r.coldLoad).map(
      ([name, c]) =>
        `cold load ${name} (${Math.round(c.bytes / 1024)} KB)`.padEnd(36) +
        `${c.loadMs} ms CPU`.padEnd(14) +
        `SDK packages only ${c.sdkPackagesOnlyMs} (with clients ${c.sdkClientsOnlyMs}), node ${c.nodeEmptyMs}`.padEnd(30) +
        ` +${round(c.loadMs - c.sdkPackagesOnlyMs)} ms`,
    ),
    `history, ${r.history.interviews} interviews`.padEnd(36) +
      `prep brief ${r.history.prepBriefReadUnits} RCU, thank-you ${r.history.thankYouReadUnits}, nudge ${r.history.nudgeReadUnits}, digest ${r.history.digestReadUnits}`.padEnd(
        44,
      ) +
      ' ≤ 10 RCU each',
    `export, ${r.history.interviews} interviews`.padEnd(36) +
      `${r.history.exportMs} ms, ${r.history.exportBytes} bytes, ${r.history.exportReadUnits} RCU`.padEnd(44) +
      ' ≤ 40 MB (SES)',
    `rapport outbox --json               ${r.cliOutboxCpuMs} ms CPU`.padEnd(80) + '≤ 300 ms',
    `50 forwards at once, p95            ${r.inboundBurst.oneUserP95Ms} ms one user`.padEnd(50) +
      `${r.inboundBurst.manyUsersP95Ms} ms 50 users`.padEnd(30) +
      '≤ 2×',
    `outbox page, ${r.outboxPage.emails} emails`.padEnd(36) +
      `${r.outboxPage.pageMs} ms, ${Math.round(r.outboxPage.pageBytes / 1024)} KB`.padEnd(14) +
      `whole outbox ${r.outboxPage.wholeOutboxMs} ms, ${Math.round(r.outboxPage.wholeOutboxBytes / 1024)} KB`.padEnd(30) +
      ' about 1 s in a browser',
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
