import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { sendSmokeInvitation, smokeInvitation, waitForConfirmation } from '../scripts/smoke';
import { DOMAIN, drainInboundQueue, receiveMail } from './inbound';
import { USER } from './mail';
import { drainSendQueue } from './send-queue';
import { check, say } from './output';
import type { Context } from './rehearse';

/**
 * `npm run smoke` against the emulator: the same invitation mailed through SES and the same wait
 * on the table. The emulator's SES does not receive mail, so the rehearsal hands the message SES
 * accepted to the receipt rule, as SES receiving would.
 */
export async function rehearseSmoke(ctx: Context, now: Date): Promise<void> {
  say(`\nnpm run smoke -- --domain ${DOMAIN} --from ${USER.address}, against the emulator:`);
  // In the sandbox SES sends only from (and to) verified addresses: docs/deploy.md "The SES sandbox".
  const ses = new SESv2Client(ctx.config);
  try {
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: USER.address }));
  } finally {
    ses.destroy();
  }
  const invitation = smokeInvitation(DOMAIN, USER.address, now);
  const sentBefore = ((await ctx.server.data()).ses?.RawMessage ?? []) as { raw_data: string }[];
  await sendSmokeInvitation(ctx.config, invitation);
  const accepted = (((await ctx.server.data()).ses?.RawMessage ?? []) as { raw_data: string }[]).slice(sentBefore.length);
  const [mailed] = accepted;
  check(
    mailed && accepted.length === 1 && mailed.raw_data.includes(invitation.token),
    `SES accepted "Rapport smoke test ${invitation.token}" for log@${DOMAIN}`,
  );
  await receiveMail(ctx, now, { messageId: `smoke${invitation.token}`, raw: mailed.raw_data, says: 'the smoke test invitation' });
  await drainInboundQueue(ctx);
  await drainSendQueue(ctx);
  const tableName = ctx.deployed.outputs.TableName ?? '';
  const waited = await waitForConfirmation(ctx.config, tableName, USER.address, invitation, { timeoutMs: 10_000, everyMs: 500 });
  check(true, `the smoke test saw the confirmation recorded as sent, after ${waited} ms`);
}
