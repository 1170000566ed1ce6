import Handlebars from 'handlebars';
import { compileMjml } from '../templates/build';
import { DOMAIN, FIXTURES } from '../templates/fixtures';
import { prepBriefView, renderPrepBrief, type PrepBriefInput } from '../functions/emails/prep-brief';
import { median, timeRuns } from './stats';

/**
 * The prep brief rendered as Rapport does when it sends one (view + precompiled templates: the
 * subject, the HTML and the plain-text twin), against the naive way: the same view, with the MJML
 * source compiled to HTML and Handlebars-compiled on every render. The naive side fills only the
 * HTML (compiling the text twin too would add ~1.5 ms to it), so the ratio errs against Rapport.
 */
export interface RenderFigures {
  warmMedianMs: number;
  mjmlRuntimeMedianMs: number;
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

export async function benchRender(warmRuns: number, mjmlRuns: number): Promise<RenderFigures> {
  const input = prepBriefInput();
  const warm = await timeRuns(warmRuns, () => renderPrepBrief(input), 50);
  const mjml = await timeRuns(mjmlRuns, () => renderWithMjmlAtRuntime(input), 3);
  return { warmMedianMs: median(warm), mjmlRuntimeMedianMs: median(mjml) };
}
