/**
 * One cold start of Rapport's way to render (bench/render.ts runs it bundled, in a fresh process):
 * load the precompiled prep brief and render it once. Prints the process's CPU milliseconds.
 */
import { renderPrepBrief } from '../functions/emails/prep-brief';
import { DOMAIN, FIXTURES } from '../templates/fixtures';

const { user, interview, notes, prepBriefAt } = FIXTURES.berlin;
const rendered = renderPrepBrief({ user, interview, notes, isFollowUp: false, now: prepBriefAt, domain: DOMAIN });
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, bytes: rendered.html.length })}\n`);
