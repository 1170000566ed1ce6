import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTemplateModules } from '../../../templates/build';
import { template as confirmation } from '../../../functions/emails/confirmation.generated';
import { fillTemplates } from '../../../functions/emails/template-engine';

/**
 * The build refuses a template that reads a field its view does not provide. Each case builds a
 * throwaway email kind ("card") in a scratch folder through the same function `npm run
 * build:templates` runs, with its own view module, MJML and plain-text twin.
 */

const VIEW = `export interface CardView {
  app: { name: string };
  heading: string;
  note?: string;
  items: Array<{ label: string; href?: string }>;
  flags: { urgent: boolean };
}
`;

/** The document every kind is, as layout.mjml has it: its own sections go between the header and footer. */
function document(sections: string): string {
  return `<mjml><mj-body><mj-wrapper>${sections}</mj-wrapper></mj-body></mjml>\n`;
}
const HEADER = '<mj-include path="./partials/header.mjml" />';
const FOOTER = '<mj-include path="./partials/footer.mjml" />';

function mjml(body: string): string {
  return document(`${HEADER}<mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section>${FOOTER}`);
}

function scratchKind(files: { mjml: string; text: string; partial: string; kindMjml?: string }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-templates-'));
  mkdirSync(path.join(dir, 'partials'));
  writeFileSync(path.join(dir, 'layout.mjml'), document(`${HEADER}${FOOTER}`));
  writeFileSync(
    path.join(dir, 'partials', 'header.mjml'),
    '<mj-section><mj-column><mj-text>{{app.name}}</mj-text></mj-column></mj-section>\n',
  );
  writeFileSync(
    path.join(dir, 'partials', 'footer.mjml'),
    '<mj-section><mj-column><mj-text>Sent by a scratch build</mj-text></mj-column></mj-section>\n',
  );
  writeFileSync(path.join(dir, 'card.ts'), VIEW);
  writeFileSync(path.join(dir, 'card.mjml'), files.kindMjml ?? mjml(files.mjml));
  writeFileSync(path.join(dir, 'card.txt.hbs'), files.text);
  writeFileSync(path.join(dir, 'partials', 'signature.txt.hbs'), files.partial);
  return dir;
}

const build = (dir: string) => generateTemplateModules({ templatesDir: dir, viewsDir: dir, kinds: ['card'] });

describe('npm run build:templates', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('builds a kind whose templates read only what its view provides', async () => {
    const dir = scratchKind({
      mjml: '{{heading}}{{#if note}} — {{note}}{{/if}}{{#each items}}{{#if href}}<a href="{{href}}">{{label}}</a>{{else}}{{label}}{{/if}}{{/each}}',
      text: '{{heading}}\n{{#each items}}- {{label}} ({{../app.name}}){{/each}}\n{{#unless flags.urgent}}whenever{{/unless}}\n{{> signature}}\n',
      partial: '-- {{app.name}}\n',
    });
    dirs.push(dir);
    const modules = await build(dir);
    expect([...modules.keys()].sort()).toEqual(['card.generated.ts', 'html-layout.generated.ts', 'text-partials.generated.ts']);
    // The kind's module holds only its own HTML; the header and footer are the layout's.
    expect(modules.get('card.generated.ts')).not.toContain('Sent by a scratch build');
    expect(modules.get('html-layout.generated.ts')).toContain('Sent by a scratch build');
  });

  it('fails, naming the kind, when a kind no longer matches the shared layout', async () => {
    const text = '{{heading}}\n';
    const noFooter = scratchKind({
      mjml: '',
      text,
      partial: '',
      kindMjml: document(`${HEADER}<mj-section><mj-column><mj-text>{{heading}}</mj-text></mj-column></mj-section>`),
    });
    const ownHeader = scratchKind({
      mjml: '',
      text,
      partial: '',
      kindMjml: document(`<mj-section><mj-column><mj-text>{{heading}}</mj-text></mj-column></mj-section>${FOOTER}`),
    });
    dirs.push(noFooter, ownHeader);
    await expect(build(noFooter)).rejects.toThrow(/^card\.mjml: its HTML no longer matches the shared layout's end/);
    await expect(build(ownHeader)).rejects.toThrow(/^card\.mjml: its HTML no longer matches the shared layout's start/);
  });

  it('fails on a misspelt field, naming the file, line and field, wherever it is', async () => {
    const dir = scratchKind({
      mjml: '{{heding}}',
      text: '{{heading}}\n{{#each items}}- {{lable}}{{/each}}\n{{#if noet}}x{{/if}}\n{{> signature}}\n',
      partial: '-- {{app.nmae}}\n',
    });
    dirs.push(dir);
    const failure = build(dir);
    // MJML's output is what is compiled, so the line is the HTML's.
    await expect(failure).rejects.toThrow(/card\.mjml → HTML:\d+: \{\{heding\}\} — the view has no field "heding" in CardView/);
    await expect(failure).rejects.toThrow('card.txt.hbs:2: {{lable}} — the view has no field "lable" in CardView.items[]');
    await expect(failure).rejects.toThrow('card.txt.hbs:3: {{noet}} — the view has no field "noet" in CardView');
    await expect(failure).rejects.toThrow(
      'card.txt.hbs → partials/signature:1: {{app.nmae}} — the view has no field "nmae" in CardView.app',
    );
  });

  it('fails on an optional field read without an {{#if}} around it, and on a value that would print as an object or "true"', async () => {
    const dir = scratchKind({ mjml: '{{note}}', text: '{{flags}} {{flags.urgent}}\n{{#each items}}{{href}}{{/each}}\n', partial: '' });
    dirs.push(dir);
    const failure = build(dir);
    await expect(failure).rejects.toThrow(/card\.mjml → HTML:\d+: \{\{note\}\} — "note" may be absent; put it inside \{\{#if note\}\}/);
    await expect(failure).rejects.toThrow('card.txt.hbs:2: {{href}} — "href" may be absent; put it inside {{#if href}}');
    await expect(failure).rejects.toThrow('card.txt.hbs:1: {{flags}} is not text or a number');
    await expect(failure).rejects.toThrow('card.txt.hbs:1: {{flags.urgent}} is not text or a number');
  });
});

describe('the compiled templates', () => {
  it('are strict: a view missing a field throws instead of sending an email with a hole in it', () => {
    const view = {
      app: { name: 'Rapport', logAddress: '', helpAddress: '' },
      subject: 's',
      preheader: 'p',
      kicker: 'k',
      heading: 'h',
      intro: 'i',
      footerNote: 'f',
      minimalFooter: true,
      details: [],
      nextSteps: [],
      zone: { text: 't', inferred: false, example: 'e' },
      commandsTitle: 'c',
      commands: [],
    };
    expect(() => fillTemplates(confirmation, view)).toThrow(/"nextTitle" not defined/);
    expect(() => fillTemplates(confirmation, { ...view, nextTitle: 'n' })).not.toThrow();
  });
});
