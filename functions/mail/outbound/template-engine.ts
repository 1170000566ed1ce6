import type HandlebarsModule = require('handlebars');
import { textPartials } from './emails/text-partials.generated';

/**
 * Fills the precompiled templates. Only the Handlebars *runtime* is loaded (no compiler, no
 * MJML): the templates were compiled by templates/build.ts, one module per email kind, so each
 * Lambda bundles only the emails it sends. HTML templates escape every `{{value}}`; text twins
 * were compiled with escaping off, because they are not HTML.
 */
/** What Handlebars.precompile produced, as the runtime's template() takes it. */
type TemplateSpecification = Parameters<typeof HandlebarsModule.template>[0];

export interface CompiledEmail {
  kind: string;
  html: TemplateSpecification;
  text: TemplateSpecification;
}

// The runtime entry point has no type declarations of its own; it is the same API minus compile().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require('handlebars/runtime') as typeof HandlebarsModule;
const handlebars = runtime.create();

for (const [name, spec] of Object.entries(textPartials)) {
  handlebars.registerPartial(name, handlebars.template(spec));
}

type Fill = (view: object) => string;
const ready = new WeakMap<CompiledEmail, { html: Fill; text: Fill }>();

/** Trailing spaces off, at most one blank line in a row, one newline at the end. */
function tidyText(value: string): string {
  return `${value
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function fillTemplates(compiled: CompiledEmail, view: object): { html: string; text: string } {
  let fills = ready.get(compiled);
  if (!fills) {
    fills = { html: handlebars.template(compiled.html), text: handlebars.template(compiled.text) };
    ready.set(compiled, fills);
  }
  return { html: fills.html(view), text: tidyText(fills.text(view)) };
}
