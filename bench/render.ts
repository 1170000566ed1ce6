import Handlebars from 'handlebars';
import { compileMjml } from '../templates/build';
import { FIXTURES } from '../templates/fixtures';
import { prepBriefView, renderPrepBrief, type PrepBriefInput } from '../functions/mail/outbound/emails/prep-brief';
import { median, timeRuns } from './stats';

/**
 * The prep brief rendered as Rapport does (view + precompiled templates), against the naive way:
 * the same view, with the MJML source compiled to HTML and Handlebars-compiled on every render.
 */
export interface RenderFigures {
  warmMedianMs: number;
  mjmlRuntimeMedianMs: number;
}

function prepBriefInput(): PrepBriefInput {
  const { user, interview, notes, prepBriefAt } = FIXTURES.berlin;
  return { user, interview, notes, isFollowUp: false, now: prepBriefAt };
}

async function renderWithMjmlAtRuntime(input: PrepBriefInput): Promise<string> {
  const html = await compileMjml('prep-brief');
  return Handlebars.compile(html, { strict: true })(prepBriefView(input));
}

export async function benchRender(warmRuns: number, mjmlRuns: number): Promise<RenderFigures> {
  const input = prepBriefInput();
  const warm = await timeRuns(warmRuns, () => renderPrepBrief(input), 50);
  const mjml = await timeRuns(mjmlRuns, () => renderWithMjmlAtRuntime(input), 3);
  return { warmMedianMs: median(warm), mjmlRuntimeMedianMs: median(mjml) };
}
