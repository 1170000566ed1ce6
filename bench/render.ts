import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Handlebars from 'handlebars';
import { compileMjml, TEMPLATES_DIR } from '../templates/build';
import { DOMAIN, FIXTURES } from '../templates/fixtures';
import { prepBriefView, renderPrepBrief, type PrepBriefInput } from '../functions/emails/prep-brief';
import { bundleForNode } from './bundle-for-node';
import { median, timeRuns } from './stats';

/**
 * The prep brief rendered as Rapport does when it sends one (view + precompiled templates: the
 * subject, the HTML and the plain-text twin), against its peers, interleaved run by run:
 *   compiledOncePeerMs  MJML compiled to HTML and Handlebars-compiled once, then filled per render
 *                       (what a careful service does: HTML only, so the ratio errs against Rapport);
 *   mjmlRuntimeMedianMs MJML compiled on every render (nobody does this; kept as the old reference).
 * And each approach's cold start, in fresh processes (bundled with esbuild, packages from
 * node_modules as in Lambda): the whole process's CPU up to the first render, node's own start
 * included on both sides. The gain of precompiling is there, not in the warm render.
 */
export interface RenderFigures {
  warmMedianMs: number;
  compiledOncePeerMs: number;
  mjmlRuntimeMedianMs: number;
  coldStartCpuMs: number;
  peerColdStartCpuMs: number;
}

/** What send-reminder passes: a full interview, its notes, and the mail domain (the footer names log@ and help@ there). */
function prepBriefInput(): PrepBriefInput {
  const { user, interview, notes, prepBriefAt } = FIXTURES.berlin;
  return { user, interview, notes, isFollowUp: false, now: prepBriefAt, domain: DOMAIN };
}

async function renderWithMjmlAtRuntime(input: PrepBriefInput): Promise<string> {
  const html = await compileMjml('prep-brief');
  return Handlebars.compile(html, { strict: true })(prepBriefView(input));
}

function coldCpuMs(file: string): number {
  const out = execFileSync(process.execPath, [file, TEMPLATES_DIR], { env: { PATH: process.env.PATH ?? '' } }).toString();
  return (JSON.parse(out) as { cpuMs: number }).cpuMs;
}

export async function benchRender(warmRuns: number, mjmlRuns: number, coldRuns: number): Promise<RenderFigures> {
  const input = prepBriefInput();
  const fillOnce = Handlebars.compile(await compileMjml('prep-brief'), { strict: true });
  const warm: number[] = [];
  const peer: number[] = [];
  await timeRuns(50, () => {
    renderPrepBrief(input);
    fillOnce(prepBriefView(input));
  });
  for (let i = 0; i < warmRuns; i++) {
    warm.push(...(await timeRuns(1, () => renderPrepBrief(input))));
    peer.push(...(await timeRuns(1, () => fillOnce(prepBriefView(input)))));
  }
  const mjml = await timeRuns(mjmlRuns, () => renderWithMjmlAtRuntime(input), 3);
  const ours = bundleForNode(path.join(__dirname, 'render-cold-rapport.ts'));
  const theirs = bundleForNode(path.join(__dirname, 'render-cold-peer.ts'));
  const cold = { ours: [] as number[], theirs: [] as number[] };
  for (let i = 0; i < coldRuns; i++) {
    cold.ours.push(coldCpuMs(ours));
    cold.theirs.push(coldCpuMs(theirs));
  }
  return {
    warmMedianMs: median(warm),
    compiledOncePeerMs: median(peer),
    mjmlRuntimeMedianMs: median(mjml),
    coldStartCpuMs: median(cold.ours),
    peerColdStartCpuMs: median(cold.theirs),
  };
}
