import type HandlebarsModule = require('handlebars');
import { htmlLayout } from './html-layout.generated';
import { textPartials } from './text-partials.generated';

/**
 * Fills the precompiled templates. Only the Handlebars *runtime* is loaded (no compiler, no
 * MJML): the templates were compiled by templates/build.ts, one module per email kind, so each
 * Lambda bundles only the emails it sends. The HTML every kind shares (document start through
 * the header, footer through the end) is one module of its own, so a Lambda sending several
 * kinds bundles it once; an email's HTML is that layout around the kind's own body. HTML
 * templates escape every `{{value}}`; text twins were compiled with escaping off, because they
 * are not HTML.
 */
/** What Handlebars.precompile produced, as the runtime's template() takes it. */
type TemplateSpecification = Parameters<typeof HandlebarsModule.template>[0];

export interface CompiledEmail {
  kind: string;
  /** The kind's own HTML, which goes between the layout's start and end. */
  htmlBody: TemplateSpecification;
  text: TemplateSpecification;
}

/** The HTML every kind shares: its start (through the header) and end (the footer on). */
export interface CompiledLayout {
  start: TemplateSpecification;
  end: TemplateSpecification;
}

// The runtime entry point has no type declarations of its own; it is the same API minus compile().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require('handlebars/runtime') as typeof HandlebarsModule;
const handlebars = runtime.create();

for (const [name, spec] of Object.entries(textPartials)) {
  handlebars.registerPartial(name, handlebars.template(spec));
}

type Fill = (view: object) => string;
const layout = { start: handlebars.template(htmlLayout.start), end: handlebars.template(htmlLayout.end) };
const ready = new WeakMap<CompiledEmail, { htmlBody: Fill; text: Fill }>();

/**
 * Trailing spaces off, at most one blank line in a row, none at the start or end, one newline at
 * the end. One pass over the lines: the text twin is filled on every send, so this runs as often.
 */
function tidyText(value: string): string {
  const kept: string[] = [];
  let blankPending = false;
  for (let start = 0; start <= value.length;) {
    const newline = value.indexOf('\n', start);
    const end = newline === -1 ? value.length : newline;
    const line = value.slice(start, end).trimEnd();
    start = end + 1;
    if (!line) {
      blankPending = kept.length > 0;
      continue;
    }
    if (blankPending) kept.push('');
    kept.push(kept.length === 0 ? line.trimStart() : line);
    blankPending = false;
  }
  return `${kept.join('\n')}\n`;
}

export function fillTemplates(compiled: CompiledEmail, view: object): { html: string; text: string } {
  let fills = ready.get(compiled);
  if (!fills) {
    fills = { htmlBody: handlebars.template(compiled.htmlBody), text: handlebars.template(compiled.text) };
    ready.set(compiled, fills);
  }
  // The build split each kind's MJML output exactly here, so the three parts are its HTML, byte for byte.
  const html = layout.start(view) + fills.htmlBody(view) + layout.end(view);
  return { html, text: tidyText(fills.text(view)) };
}
