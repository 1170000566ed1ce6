import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ical from 'node-ical';
import PostalMime from 'postal-mime';
import { extractInvitationFromCalendar } from '../functions/inbound/extract-invitation';
import { readInboundMail } from '../functions/inbound/read-inbound-mail';
import { readInvitationTimes } from '../functions/inbound/text-invitation-times';
import { median, p95, timeRuns } from './stats';

/**
 * Reading an invitation, Rapport against a plain baseline on the same files in the same process:
 * postal-mime to split the MIME, node-ical to parse the calendar part (or the .ics). The baseline
 * does less (no zones resolved, no reply text, no validation), which is what makes it a bar.
 */
export interface ParseFigures {
  rapportMedianMs: number;
  rapportP95Ms: number;
  baselineMedianMs: number;
  files: number;
  /** Per kind, as the issue asks (bare .ics files, where node-ical is slow on zone data, apart from emails). */
  eml: KindFigures;
  ics: KindFigures;
  perFile: { file: string; rapportMedianMs: number; baselineMedianMs: number }[];
}

export interface KindFigures {
  files: number;
  rapportMs: number;
  postalNodeIcalMs: number;
  /** Files where Rapport's median is above the baseline's. */
  slowerOn: number;
}

const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics']);

export function corpusInvitations(corpus: string): string[] {
  const inDir = (dir: string, pattern: RegExp) =>
    readdirSync(path.join(corpus, dir))
      .filter((f) => pattern.test(f))
      .sort()
      .map((f) => path.join(corpus, dir, f));
  return [...inDir('invites', /\.eml$/i), ...inDir('ics', /\.ics$/i)];
}

/**
 * What Rapport does with the file in production: inbound-email's read of the raw message, then,
 * for an invitation forwarded as text, the labelled times process-inbound reads before logging it.
 */
async function readWithRapport(file: string, bytes: Buffer): Promise<unknown> {
  if (file.endsWith('.ics')) return extractInvitationFromCalendar(bytes.toString('utf8'));
  const read = await readInboundMail(bytes, {
    recipients: ['log@rapport.localhost'],
    authenticated: true,
    deliveryId: 'bench',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
  });
  return read.ok ? readInvitationTimes(read.mail.invitation) : read;
}

async function readWithBaseline(file: string, bytes: Buffer): Promise<unknown> {
  if (file.endsWith('.ics')) return ical.sync.parseICS(bytes.toString('utf8'));
  const email = await PostalMime.parse(bytes);
  const part = email.attachments.find((a) => CALENDAR_TYPES.has(a.mimeType.toLowerCase()));
  if (!part) return email;
  const text = typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
  return ical.sync.parseICS(text);
}

/** `runs` timings of each reader on one file, alternating run by run so both see the same moment of the machine. */
async function interleaved(runs: number, ours: () => unknown, theirs: () => unknown): Promise<{ ours: number[]; theirs: number[] }> {
  const samples = { ours: [] as number[], theirs: [] as number[] };
  for (let i = 0; i < runs + 3; i++) {
    const [a] = await timeRuns(1, ours);
    const [b] = await timeRuns(1, theirs);
    // The first three of each are warm-up (JIT, the code's caches), not counted.
    if (i < 3) continue;
    samples.ours.push(a!);
    samples.theirs.push(b!);
  }
  return samples;
}

function kindFigures(rows: { ours: number[]; theirs: number[] }[]): KindFigures {
  return {
    files: rows.length,
    rapportMs: median(rows.flatMap((r) => r.ours)),
    postalNodeIcalMs: median(rows.flatMap((r) => r.theirs)),
    slowerOn: rows.filter((r) => median(r.ours) > median(r.theirs)).length,
  };
}

export async function benchParse(corpus: string, runsPerFile: number): Promise<ParseFigures> {
  const perFile: ParseFigures['perFile'] = [];
  const byKind: Record<'eml' | 'ics', { ours: number[]; theirs: number[] }[]> = { eml: [], ics: [] };
  const files = corpusInvitations(corpus);
  for (const file of files) {
    const bytes = readFileSync(file);
    const samples = await interleaved(
      runsPerFile,
      () => readWithRapport(file, bytes),
      () => readWithBaseline(file, bytes),
    );
    byKind[file.endsWith('.ics') ? 'ics' : 'eml'].push(samples);
    perFile.push({ file: path.relative(corpus, file), rapportMedianMs: median(samples.ours), baselineMedianMs: median(samples.theirs) });
  }
  const rapport = [...byKind.eml, ...byKind.ics].flatMap((r) => r.ours);
  const baseline = [...byKind.eml, ...byKind.ics].flatMap((r) => r.theirs);
  return {
    rapportMedianMs: median(rapport),
    rapportP95Ms: p95(rapport),
    baselineMedianMs: median(baseline),
    files: files.length,
    eml: kindFigures(byKind.eml),
    ics: kindFigures(byKind.ics),
    perFile,
  };
}
