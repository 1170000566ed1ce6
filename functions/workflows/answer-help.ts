import { boundedText } from '../commons/bounded-text';
import type { InboundMail } from '../inbound/inbound-mail';
import { renderHelp } from '../emails/help';
import { renderReplyAck } from '../emails/reply-ack';
import type { Deps } from './deps';
import { type EmailContent, outboundEmail } from './envelope';

type HelpOutcome = { outcome: 'help' } | { outcome: 'to-operator' };

/** A subject of the operator's copy stays one short line (RFC 5322 §2.1.1 asks for 78 characters). */
const MAX_OPERATOR_SUBJECT = 78;
/** "Re:" in the languages mail clients write it. */
const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw|r|rif|vs|odp|atb|ynt|отв)\s*:/i;

/**
 * Mail to help@, including replies to the help email (whose Reply-To is help@, so an answer never
 * lands on log@ as "no invitation found"). With an operator configured (`operatorEmail`), a reply
 * with something in it reaches the operator — Reply-To the user, so they answer directly — and the
 * user is told so; otherwise, and for a first question, the user gets help again.
 */
export async function answerHelp(deps: Deps, mail: InboundMail, senderAddress: string): Promise<HelpOutcome> {
  const userId = await deps.store.findUserIdByEmail(senderAddress);
  const user = userId ? await deps.store.getUser(userId) : undefined;
  const toSender = async (rendered: EmailContent) => {
    const envelope = {
      to: senderAddress,
      replyTo: `help@${deps.config.domain}`,
      thread: mail.messageId,
      autoSubmitted: 'auto-replied',
    } as const;
    return deps.mailer.send(await outboundEmail(deps, envelope, rendered));
  };

  const question = mail.replyText.trim();
  const operator = deps.config.operatorEmail;
  if (operator && question && REPLY_PREFIX.test(mail.subject ?? '')) {
    const toOperator = { to: operator, replyTo: senderAddress, autoSubmitted: 'auto-generated' } as const;
    await deps.mailer.send(
      await outboundEmail(deps, toOperator, {
        subject: boundedText(`Rapport help: ${senderAddress} asks`, MAX_OPERATOR_SUBJECT),
        text: `${senderAddress} replied to the help email:\n\n${question}\n`,
        html: `<p>${escapeHtml(senderAddress)} replied to the help email:</p><pre style="white-space:pre-wrap">${escapeHtml(question)}</pre>`,
      }),
    );
    const passedOn = 'Your message went to the person who runs Rapport here; they will answer you by email.';
    await toSender(
      user
        ? renderReplyAck({ user, understood: [passedOn], problems: [], offeredReferrals: [], domain: deps.config.domain })
        : renderHelp({ domain: deps.config.domain }),
    );
    return { outcome: 'to-operator' };
  }
  await toSender(renderHelp({ domain: deps.config.domain, ...(user ? { user } : {}) }));
  return { outcome: 'help' };
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
