import { DOMAIN, drainInboundQueue, receiveMail } from './inbound';
import { forwardedInvitation, sentEmails } from './mail';
import { check, say } from './output';
import type { Context } from './rehearse';
import { drainSendQueue } from './send-queue';

/**
 * SES throttles every send for a while: process-inbound logs the invitation and queues its
 * confirmation; send-mail's attempt is refused (after the SDK's retries), so it reports the record
 * failed and it stays on the send queue (held with backoff, not given up); once the throttling
 * clears, SQS hands it out again and the confirmation goes out exactly once.
 */
export async function rehearseThrottledSend(ctx: Context, now: Date): Promise<void> {
  say('\nSES throttles every send (TooManyRequestsException) while an invitation arrives:');
  const before = (await sentEmails(ctx.server)).length;
  ctx.faults.set([{ call: 'ses:SendEmail', fault: 'throttle' }]);
  const messageId = `rehearsalthrottled${now.getTime()}`;
  const { raw, startsOn } = forwardedInvitation(DOMAIN, new Date(now.getTime() + 2 * 86_400_000), messageId);
  await receiveMail(ctx, now, { messageId, raw, says: `a coffee chat on ${startsOn}` });
  await drainInboundQueue(ctx);
  await drainSendQueue(ctx, 'held');
  const throttled = ctx.faults.injected.get('ses:SendEmail') ?? 0;
  check(
    (await sentEmails(ctx.server)).length === before && throttled > 0,
    `nothing sent and nothing given up: SES refused ${throttled} attempts (the SDK's retries included) and the email waits on the send queue`,
  );

  ctx.faults.set([]);
  say('  the throttling clears; SQS hands the email out again:');
  await drainSendQueue(ctx);
  const [confirmation, ...more] = (await sentEmails(ctx.server)).slice(before);
  check(
    confirmation && more.length === 0 && /^Logged:/.test(confirmation.subject),
    `the held confirmation went out, once: "${confirmation?.subject}"`,
  );
}
