import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTemplateModules } from '../../../templates/build';
import { template as confirmation } from '../../../functions/mail/outbound/emails/confirmation.generated';
import { fillTemplates } from '../../../functions/mail/outbound/template-engine';

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

function mjml(body: string): string {
  return `<mjml><mj-body><mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section></mj-body></mjml>\n`;
}

function scratchKind(files: { mjml: string; text: string; partial: string }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-templates-'));
  mkdirSync(path.join(dir, 'partials'));
  writeFileSync(path.join(dir, 'card.ts'), VIEW);
  writeFileSync(path.join(dir, 'card.mjml'), mjml(files.mjml));
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
    expect([...modules.keys()].sort()).toEqual(['card.generated.ts', 'text-partials.generated.ts']);
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
    await expect(failure).rejects.toThrow('card.txt.hbs → partials/signature:1: {{app.nmae}} — the view has no field "nmae" in CardView.app');
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
