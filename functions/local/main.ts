import { jsonLogger } from '../commons/json-logger';
import { readLocalConfig } from './config';
import { startRuntime } from './runtime';

/** `npm start`: the whole product on this machine. Logs go to stderr as JSON; the banner to stdout. */
async function main(): Promise<void> {
  const config = readLocalConfig();
  const log = jsonLogger({ service: 'rapport-local' }, (line) => process.stderr.write(`${line}\n`));
  const runtime = await startRuntime(config, log);
  process.stdout.write(
    [
      `Rapport is running (data in ${runtime.dataDir}, clock at ${runtime.clock.now().toISOString()}).`,
      `  Forward invitations to  log@${runtime.domain}  via SMTP 127.0.0.1:${runtime.smtpPort}`,
      `                          e.g.  npx rapport send examples/coffee-chat.eml --from you@example.com`,
      `  Read what Rapport sent  http://127.0.0.1:${runtime.webPort}   (or: npx rapport outbox)`,
      `  Move time forward       npx rapport tick --until +2d`,
      'Stop with Ctrl+C; interviews and pending reminders are kept.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    runtime.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`rapport: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
