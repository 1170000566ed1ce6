import type { ReportKind } from '../domain/follow-up-commands';
import type { User } from '../domain/model';
import type { Deps } from './deps';

/**
 * Asks for `list`, `contacts` or `export` — a reply line, or mail to `list@`, `contacts@`,
 * `export@` — as a one-time schedule due now: the scheduled-work function writes and sends it
 * (the export reads everything and attaches four files; the function that handles inbound mail
 * stays small and quick). Deterministic name: a retried message asks once.
 */
export async function requestReport(
  deps: Deps,
  user: User,
  report: ReportKind,
  asked: { messageKey: string; inReplyTo?: string },
): Promise<void> {
  await deps.scheduler.scheduleOnce({
    name: `${asked.messageKey.slice(0, 32)}-${report}`,
    atUtc: deps.clock.now(),
    event: {
      kind: 'report',
      report,
      userId: user.userId,
      messageKey: asked.messageKey,
      ...(asked.inReplyTo ? { inReplyTo: asked.inReplyTo.slice(0, 998) } : {}),
    },
  });
}
