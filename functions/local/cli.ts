/**
 * `rapport <command>`: one small module per command under ./commands, loaded on demand so
 * `rapport parse` does not pay for the runtime's dependencies.
 *
 * Exit codes: 0 done, 2 unreadable input or bad usage, 3 nothing found (per command).
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  parse: { summary: 'parse FILE              what Rapport understands of an .eml or .ics (JSON)', load: () => import('./commands/parse') },
  'reply-text': { summary: 'reply-text FILE         the text the user wrote in a reply, quotes and signature removed', load: () => import('./commands/reply-text') },
};

function usage(): string {
  return ['usage: rapport <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  rapport ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${usage()}\n`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  const module = await command.load();
  return module.run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`rapport: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
