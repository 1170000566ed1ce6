import type { GivenUpEntry, OutboxEntry } from '../web';
import { callInstance, findInstance } from './instance';

/**
 * `rapport outbox [--json]`: what the running instance sent, oldest first, and — on stderr, so
 * `--json` stays a plain list — what it gave up sending after the scheduler's retries.
 */
export async function run(args: string[]): Promise<number> {
  const instance = findInstance();
  const entries = await callInstance<OutboxEntry[]>(instance, 'GET', '/api/outbox');
  const givenUp = await callInstance<GivenUpEntry[]>(instance, 'GET', '/api/given-up');
  if (givenUp.length > 0) {
    process.stderr.write(`Given up after retries (${givenUp.length}):\n`);
    for (const g of givenUp)
      process.stderr.write(`  ${g.deadAtUtc}  ${g.kind} (${g.name}), due ${g.firstDueUtc}, ${g.attempts} attempts: ${g.lastError}\n`);
  }
  if (args.includes('--json')) {
    process.stdout.write(
      `${JSON.stringify(
        entries.map(({ to, from, replyTo, subject, date, text, html, attachments }) => ({
          to,
          from,
          replyTo,
          subject,
          date,
          text,
          html,
          attachments,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (entries.length === 0) process.stdout.write('The outbox is empty.\n');
  entries.forEach((e, i) => {
    const files = e.attachments.length > 0 ? `  [${e.attachments.map((a) => a.filename).join(', ')}]` : '';
    process.stdout.write(`${String(i + 1).padStart(3)}  ${e.date}  to ${e.to}  ${e.subject}${files}\n`);
  });
  return 0;
}
