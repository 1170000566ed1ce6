/**
 * One cold start of the usual way to render (bench/render.ts runs it bundled, in a fresh process):
 * load MJML and Handlebars, compile the prep brief's MJML and its Handlebars template once, and
 * fill it once. `argv[2]` is templates/. Prints the process's CPU milliseconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { prepBriefView } from '../functions/emails/prep-brief';
import { DOMAIN, FIXTURES } from '../templates/fixtures';

interface Mjml2Html {
  (source: string, options: Record<string, unknown>): Promise<{ html: string }>;
}

async function main(templatesDir: string): Promise<void> {
  // mjml ships no type declarations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mjml2html = require('mjml') as Mjml2Html;
  const file = path.join(templatesDir, 'prep-brief.mjml');
  const { html } = await mjml2html(readFileSync(file, 'utf8'), {
    filePath: file,
    minify: false,
    validationLevel: 'soft',
    ignoreIncludes: false,
    includePath: templatesDir,
  });
  const fill = Handlebars.compile(html);
  const { user, interview, notes, prepBriefAt } = FIXTURES.berlin;
  const filled = fill(prepBriefView({ user, interview, notes, isFollowUp: false, now: prepBriefAt, domain: DOMAIN }));
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, bytes: filled.length })}\n`);
}

void main(process.argv[2] ?? '');
