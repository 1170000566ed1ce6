import type HandlebarsModule = require('handlebars');
import { EMAIL_KINDS, htmlTemplates, textPartials, textTemplates, type EmailKind } from './compiled/templates.generated';

/**
 * Fills the precompiled templates. Only the Handlebars *runtime* is loaded (no compiler, no
 * MJML): the templates were compiled by templates/build.ts. HTML templates escape every `{{value}}`;
 * text twins were compiled with escaping off, because they are not HTML.
 */
// The runtime entry point has no type declarations of its own; it is the same API minus compile().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require('handlebars/runtime') as typeof HandlebarsModule;
const handlebars = runtime.create();

for (const [name, spec] of Object.entries(textPartials)) {
  handlebars.registerPartial(name, handlebars.template(spec));
}

type Fill = (view: object) => string;
const html = new Map<EmailKind, Fill>(EMAIL_KINDS.map((kind) => [kind, handlebars.template(htmlTemplates[kind])]));
const text = new Map<EmailKind, Fill>(EMAIL_KINDS.map((kind) => [kind, handlebars.template(textTemplates[kind])]));

function fill(templates: Map<EmailKind, Fill>, kind: EmailKind, view: object): string {
  const template = templates.get(kind);
  if (!template) throw new Error(`no template for ${kind}`);
  return template(view);
}

/** Trailing spaces off, at most one blank line in a row, one newline at the end. */
function tidyText(value: string): string {
  return `${value
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function fillTemplates(kind: EmailKind, view: object): { html: string; text: string } {
  return { html: fill(html, kind, view), text: tidyText(fill(text, kind, view)) };
}

export type { EmailKind };
