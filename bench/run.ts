/**
 * `npm run bench`: how fast the hot paths are, measured, never asserted (timings belong here, not
 * in tests). Reads the real corpus beside the repository.
 *
 *   parse    raw invitation → InboundMail (MIME, iCalendar, zones, reply text), per corpus file
 *   render   every email kind from a fixture
 *   cold     a fresh Node process loading each Lambda bundle in cdk.out (run `npm run synth` first)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readInboundMail } from '../functions/mail/inbound/read-inbound-mail';
import { renderConfirmation } from '../functions/mail/outbound/emails/confirmation';
import { renderPrepBrief } from '../functions/mail/outbound/emails/prep-brief';
import { renderThankYou } from '../functions/mail/outbound/emails/thank-you';
import { FIXTURES } from '../templates/fixtures';

const CORPUS = path.resolve(__dirname, '../../shared/corpus');

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms  p95 ${at(0.95).toFixed(2)} ms  (n=${samples.length})`;
}

async function time(runs: number, work: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main(): Promise<void> {
  const files = readdirSync(path.join(CORPUS, 'invites')).map((f) => path.join(CORPUS, 'invites', f));
  const envelope = { recipients: ['log@rapport.localhost'], authenticated: true, deliveryId: 'bench', receivedAt: new Date() };
  const all: number[] = [];
  for (const file of files) {
    const raw = readFileSync(file);
    await time(5, () => readInboundMail(raw, envelope)); // warm up
    const samples = await time(50, () => readInboundMail(raw, envelope));
    all.push(...samples);
    process.stdout.write(`parse  ${path.basename(file).padEnd(48)} ${(raw.length / 1024).toFixed(0).padStart(4)} KB  ${stats(samples)}\n`);
  }
  process.stdout.write(`parse  all invitations${' '.repeat(36)}${stats(all)}\n\n`);

  const { user, interview, notes, loggedAt, prepBriefAt, thankYouAt } = FIXTURES.berlin;
  const kinds: [string, () => unknown][] = [
    ['confirmation', () => renderConfirmation({ user, interview, change: 'new', timeZoneInferred: true, now: loggedAt })],
    ['prep-brief', () => renderPrepBrief({ user, interview, notes, isFollowUp: false, now: prepBriefAt })],
    ['thank-you', () => renderThankYou({ user, interview, notes, now: thankYouAt })],
  ];
  for (const [kind, work] of kinds) {
    await time(20, work);
    process.stdout.write(`render ${kind.padEnd(53)} ${stats(await time(500, work))}\n`);
  }

  const out = path.resolve(__dirname, '../cdk.out');
  const template = path.join(out, 'Rapport.template.json');
  if (!existsSync(template)) {
    process.stdout.write('\ncold   (no cdk.out: run `npm run synth` to measure bundle load times)\n');
    return;
  }
  process.stdout.write('\n');
  // The functions of the current synthesis, by name (cdk.out keeps older assets too).
  const resources = Object.values((JSON.parse(readFileSync(template, 'utf8')) as { Resources: Record<string, { Type: string; Properties: { FunctionName?: string; Code?: { S3Key?: string } } }> }).Resources);
  for (const fn of resources.filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName?.startsWith('Rapport-'))) {
    const bundle = path.join(out, `asset.${fn.Properties.Code!.S3Key!.replace(/\.zip$/, '')}`, 'index.js');
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      // Module load only (the handler's own top level included); @aws-sdk comes from node_modules here, from the runtime in Lambda.
      const ms = execFileSync(process.execPath, ['-e', `const t=performance.now();try{require(${JSON.stringify(bundle)})}catch{}process.stdout.write(String(performance.now()-t))`], {
        env: { ...process.env, NODE_NO_WARNINGS: '1', RAW_MAIL_BUCKET: 'b', INBOUND_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/q' },
      }).toString();
      samples.push(Number(ms));
    }
    process.stdout.write(`cold   ${fn.Properties.FunctionName!.padEnd(22)} ${(statSync(bundle).size / 1024).toFixed(0).padStart(4)} KB  load ${stats(samples)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
