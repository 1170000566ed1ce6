/**
 * Compiles the email templates once, at build time, so no Lambda ever loads MJML (3 MB, ~185 ms
 * of cold start) or the Handlebars compiler:
 *
 *   templates/layout.mjml          → the HTML every kind shares (start through the header,
 *                                    footer through the end): html-layout.generated.ts
 *   templates/<kind>.mjml          → MJML → HTML (minify off, so {{placeholders}} survive), less
 *                                    the shared layout: the kind's own HTML body
 *   templates/<kind>.txt.hbs       → the plain-text twin
 *   templates/partials/*.txt.hbs   → partials the plain-text twins share
 *
 * Every result is precompiled by Handlebars into a template spec and written to
 * functions/emails/<kind>.generated.ts, beside the module that builds its view
 * (emails/<kind>.ts, exporting `<Kind>View`). One module per email kind, so a Lambda bundles only
 * the emails it sends, and one shared layout module, so it bundles the layout once however many
 * kinds it sends; the runtime fills them with the Handlebars runtime alone. The generated files
 * are committed; a test fails when one is stale.
 *
 * Templates are compiled strictly, and before anything is written every field a template reads
 * is checked against its view's TypeScript type (template-fields.ts): a misspelt `{{field}}`
 * fails the build, naming the file, line and field.
 *
 * Run: npm run build:templates
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { deriveHtmlLayout, kindHtmlBody, type HtmlLayout } from './html-layout';
import { repositoryCompilerOptions, templateFieldProblems, type ViewToCheck } from './template-fields';

interface MjmlResult {
  html: string;
  errors: Array<{ formattedMessage?: string; message?: string }>;
}
type Mjml2Html = (source: string, options: Record<string, unknown>) => Promise<MjmlResult>;
// mjml ships no type declarations; this is the one call we make.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mjml2html = require('mjml') as Mjml2Html;

export const TEMPLATES_DIR = __dirname;
export const GENERATED_DIR = path.join(__dirname, '..', 'functions', 'emails');
const TSCONFIG = path.join(__dirname, '..', 'tsconfig.json');

/** The email kinds, in the order the generated module lists them. */
export const EMAIL_KINDS = [
  'confirmation',
  'prep-brief',
  'thank-you',
  'thank-you-nudge',
  'help',
  'no-invitation',
  'needs-time',
  'not-enabled',
  'reply-ack',
  'digest',
  'person-draft',
  'overview',
] as const;

/**
 * Escaping stays on for HTML; the text twins are not HTML, so nothing is escaped there. Strict:
 * a `{{field}}` missing from the view throws instead of rendering empty (the build-time check
 * makes sure no view can miss one).
 */
const HTML_OPTIONS: PrecompileOptions = { knownHelpersOnly: true, strict: true };
const TEXT_OPTIONS: PrecompileOptions = { knownHelpersOnly: true, strict: true, noEscape: true };
type PrecompileOptions = NonNullable<Parameters<typeof Handlebars.precompile>[1]>;

/** Where the build reads and checks; the defaults are the repository's own (tests point it at a scratch folder). */
export interface BuildOptions {
  templatesDir: string;
  /** Where emails/<kind>.ts, exporting `<Kind>View`, lives for each kind. */
  viewsDir: string;
  kinds: readonly string[];
}

const REPOSITORY: BuildOptions = { templatesDir: TEMPLATES_DIR, viewsDir: GENERATED_DIR, kinds: EMAIL_KINDS };

/** "thank-you-nudge" → "ThankYouNudgeView": the type emails/thank-you-nudge.ts exports. */
export function viewTypeName(kind: string): string {
  return `${kind
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}View`;
}

/**
 * MJML source → HTML. `file` is where the source lives (relative mj-include paths start there),
 * `label` names it in errors; includes are read only under templatesDir.
 */
async function compileMjmlSource(source: string, file: string, label: string, templatesDir: string): Promise<string> {
  const result = await mjml2html(source, {
    filePath: file,
    minify: false,
    beautify: false,
    validationLevel: 'strict',
    keepComments: false,
    // MJML 5 ignores mj-include unless asked, and only reads includes under includePath.
    ignoreIncludes: false,
    includePath: templatesDir,
  });
  if (/mj-include (denied|fails)/.test(result.html)) throw new Error(`${label}: an mj-include could not be read`);
  if (result.errors.length > 0) {
    throw new Error(`${label}: ${result.errors.map((e) => e.formattedMessage ?? e.message).join('; ')}`);
  }
  return collapseWhitespace(result.html);
}

/** The whole HTML of one kind, as an email of that kind is sent (the layout included). */
export async function compileMjml(kind: string, templatesDir: string = TEMPLATES_DIR): Promise<string> {
  const file = path.join(templatesDir, `${kind}.mjml`);
  return compileMjmlSource(await readFile(file, 'utf8'), file, `${kind}.mjml`, templatesDir);
}

/**
 * MJML's output is indented for reading; the indentation is a third of the Lambda bundle. A run
 * of white space that holds a line break renders as one space in HTML (no template has <pre>),
 * so it becomes one line break: the same page, a smaller bundle, and short lines for SMTP.
 */
export function collapseWhitespace(html: string): string {
  return html.replace(/[ \t]*\n\s*/g, '\n');
}

function spec(source: string, options: PrecompileOptions): string {
  return String(Handlebars.precompile(source, options));
}

const HEADER = [
  '// @ts-nocheck -- precompiled Handlebars specs are untyped JavaScript.',
  '// GENERATED by templates/build.ts from templates/. Do not edit: change the templates and run `npm run build:templates`.',
  "import type { CompiledEmail } from './template-engine';",
  '',
];

async function readTextPartials(templatesDir: string): Promise<Map<string, string>> {
  const dir = path.join(templatesDir, 'partials');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.txt.hbs')).sort();
  const partials = new Map<string, string>();
  for (const file of files) partials.set(file.replace(/\.txt\.hbs$/, ''), await readFile(path.join(dir, file), 'utf8'));
  return partials;
}

function kindModule(kind: string, htmlBody: string, twin: string): string {
  return [
    ...HEADER,
    `/**`,
    ` * The ${kind} email: its own part of the HTML (MJML output between the shared layout's header and`,
    ` * footer, values escaped) and its plain-text twin (not HTML, not escaped).`,
    ` */`,
    'export const template: CompiledEmail = {',
    `  kind: ${JSON.stringify(kind)},`,
    `  htmlBody: ${spec(htmlBody, HTML_OPTIONS)},`,
    `  text: ${spec(twin, TEXT_OPTIONS)},`,
    '};',
    '',
  ].join('\n');
}

function partialsModule(partials: ReadonlyMap<string, string>): string {
  return [
    '// @ts-nocheck -- precompiled Handlebars specs are untyped JavaScript.',
    '// GENERATED by templates/build.ts from templates/partials/*.txt.hbs. Do not edit.',
    "import type { TemplateSpecification } from 'handlebars';",
    '',
    '/** Partials the plain-text twins share (the HTML ones were inlined by mj-include). */',
    'export const textPartials: Record<string, TemplateSpecification> = {',
    ...[...partials].map(([name, source]) => `  ${JSON.stringify(name)}: ${spec(source, TEXT_OPTIONS)},`),
    '};',
    '',
  ].join('\n');
}

function layoutModule(layout: HtmlLayout): string {
  return [
    '// @ts-nocheck -- precompiled Handlebars specs are untyped JavaScript.',
    '// GENERATED by templates/build.ts from templates/layout.mjml and templates/partials/*.mjml. Do not edit.',
    "import type { CompiledLayout } from './template-engine';",
    '',
    '/**',
    " * The HTML every email kind shares, compiled once (not into each kind's module) so a Lambda that",
    ' * sends several kinds bundles one copy: the document start through the header, and the footer',
    " * through the end. Each kind's htmlBody goes between them.",
    ' */',
    'export const htmlLayout: CompiledLayout = {',
    `  start: ${spec(layout.start, HTML_OPTIONS)},`,
    `  end: ${spec(layout.end, HTML_OPTIONS)},`,
    '};',
    '',
  ].join('\n');
}

/** The shared HTML layout, from templates/layout.mjml (see html-layout.ts for how it is found). */
async function readHtmlLayout(templatesDir: string): Promise<HtmlLayout> {
  const file = path.join(templatesDir, 'layout.mjml');
  const source = await readFile(file, 'utf8');
  return deriveHtmlLayout(source, (probe, label) => compileMjmlSource(probe, file, label, templatesDir));
}

/**
 * Every generated module, file name → text (deterministic: same sources, same bytes). Throws,
 * naming each one, when a template reads a field its view does not provide.
 */
export async function generateTemplateModules(options: BuildOptions = REPOSITORY): Promise<Map<string, string>> {
  const partials = await readTextPartials(options.templatesDir);
  const layout = await readHtmlLayout(options.templatesDir);
  const views: ViewToCheck[] = [];
  const htmlBodies = new Map<string, string>();
  for (const kind of options.kinds) {
    const html = await compileMjml(kind, options.templatesDir);
    htmlBodies.set(kind, kindHtmlBody(kind, html, layout));
    const twin = await readFile(path.join(options.templatesDir, `${kind}.txt.hbs`), 'utf8');
    views.push({
      module: path.join(options.viewsDir, `${kind}.ts`),
      typeName: viewTypeName(kind),
      // The whole HTML is checked, layout included: the layout reads fields ({{subject}},
      // {{app.name}}, …) that every kind's view must provide.
      templates: [
        { file: `${kind}.mjml → HTML`, source: html },
        { file: `${kind}.txt.hbs`, source: twin },
      ],
    });
  }
  const problems = templateFieldProblems(views, partials, repositoryCompilerOptions(TSCONFIG));
  if (problems.length > 0) throw new Error(`templates read fields their views do not provide:\n  ${problems.join('\n  ')}`);
  const modules = new Map<string, string>();
  for (const view of views) {
    const kind = path.basename(view.module, '.ts');
    modules.set(`${kind}.generated.ts`, kindModule(kind, htmlBodies.get(kind)!, view.templates[1]!.source));
  }
  modules.set('html-layout.generated.ts', layoutModule(layout));
  modules.set('text-partials.generated.ts', partialsModule(partials));
  return modules;
}

async function main(): Promise<void> {
  const modules = await generateTemplateModules();
  await mkdir(GENERATED_DIR, { recursive: true });
  for (const stale of (await readdir(GENERATED_DIR)).filter((f) => f.endsWith('.generated.ts') && !modules.has(f))) {
    await rm(path.join(GENERATED_DIR, stale));
  }
  for (const [file, text] of modules) await writeFile(path.join(GENERATED_DIR, file), text);
  process.stdout.write(`wrote ${modules.size} modules to ${path.relative(process.cwd(), GENERATED_DIR)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
