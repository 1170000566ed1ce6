/**
 * `rapport <command>`: one small module per command under ./commands, loaded on demand so
 * `rapport parse` does not pay for the runtime's dependencies.
 *
 * Exit codes: 0 done, 2 unreadable input or bad usage, 3 nothing found (per command).
 */
interface CommandModule {
  run(args: string[]): Promise<number>;
}

// require() keeps each command's dependencies out of the others' start-up.
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, { summary: string; load: () => CommandModule }> = {
  parse: {
    summary: 'parse FILE                 what Rapport understands of an .eml or .ics (JSON)',
    load: () => require('./commands/parse'),
  },
  read: {
    summary: 'read FILE [--to ADDRESS]    the bounded record inbound-email would queue for a raw message (JSON)',
    load: () => require('./commands/read'),
  },
  'reply-text': {
    summary: 'reply-text FILE            the text the user wrote in a reply, quotes and signature removed',
    load: () => require('./commands/reply-text'),
  },
  understand: {
    summary: 'understand FILE [--replying-to KIND --now ISO --zone IANA …]  what a reply would do, without doing it (JSON)',
    load: () => require('./commands/understand'),
  },
  send: {
    summary: 'send FILE.eml [--from A]   deliver a message to the running instance (as if A forwarded it)',
    load: () => require('./commands/send'),
  },
  tick: {
    summary: 'tick --until TIME          move the clock (ISO time, +2d, +3h) and fire what is due',
    load: () => require('./commands/tick'),
  },
  outbox: { summary: 'outbox [--json]            what Rapport sent, oldest first, numbered', load: () => require('./commands/outbox') },
  reply: {
    summary: 'reply [--message N] TEXT…  answer email N (default: the latest) as its recipient; each TEXT is a line',
    load: () => require('./commands/reply'),
  },
  bounce: {
    summary: 'bounce ADDRESS [--complaint] as if SES reported a hard bounce (or complaint): stop mailing it, tell the operator',
    load: () => require('./commands/bounce'),
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

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
  return command.load().run(args);
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
