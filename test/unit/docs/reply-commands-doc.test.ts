import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPLY_COMMANDS } from '../../../functions/domain/reply-commands';

/** The doc's command table is the help email's list (domain/reply-commands.ts), row for row. */
function replyCommandsMarkdown(): string {
  const rows = REPLY_COMMANDS.map(({ command, meaning }) => {
    const forms = command
      .split('  ·  ')
      .map((form) => `\`${form}\``)
      .join(' · ');
    return `| ${forms} | ${meaning.replace(/\|/g, '\\|')} |`;
  });
  return ['| reply | what it does |', '| --- | --- |', ...rows].join('\n');
}

test('docs/reply-commands.md lists every reply command the help email lists, in the same words', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/reply-commands.md'), 'utf8');
  expect(doc).toContain(replyCommandsMarkdown());
});
