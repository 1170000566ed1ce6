import { MailFromDomainNotVerifiedException, MessageRejected, SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { type Clock, type Mailer, type OutboundEmail, PermanentSendError } from '../../ports';
import { systemClock } from '../system-clock';
import { composeMime } from '../../mime/compose-mime';

interface SesV2MailerOptions {
  client: SESv2Client;
  configurationSetName?: string;
  /** Domain of the Message-ID we compose (SES replaces it anyway); the From domain when absent. */
  messageIdDomain?: string;
  /**
   * The domain of the Message-ID header SES writes (`<MessageId@domain>`). Observed as
   * `email.amazonses.com` in us-east-1 and `<region>.amazonses.com` elsewhere; AWS documents that
   * SES replaces the header, not its form, hence a setting. Replies are routed by the signed
   * Reply-To token, so a wrong value only costs threading.
   * @see https://docs.aws.amazon.com/ses/latest/dg/header-fields.html
   */
  sesMessageIdDomain?: string;
  /** The function's AWS region (AWS_REGION): where `sesMessageIdDomain` is not given, it follows from it. */
  region?: string;
  /** Stamps the Date header (SES keeps ours). */
  clock?: Clock;
}

/**
 * SES refused the message because an identity is not verified: the domain (while its DKIM records
 * are still propagating) or, in the SES sandbox, the recipient. The operator can fix that (wait,
 * verify, leave the sandbox), so the send is held and retried, not given up: process-inbound's
 * record stays on its queue, a reminder goes through Lambda's retries to the failure queue, and
 * the alarms on queue age and function errors tell the operator (docs/operations.md).
 */
export class SesIdentityNotVerifiedError extends Error {
  override name = 'SesIdentityNotVerifiedError';
}

/** How SES words a refusal for want of a verified identity (its sandbox and an unverified domain), and moto's. */
const UNVERIFIED_IDENTITY = /not verified|did not have authority to send/i;

/** SES returned no MessageId: the message may or may not be sent, so the caller must not retry blindly. */
class SendWithoutMessageIdError extends Error {
  override name = 'SendWithoutMessageIdError';
}

/**
 * The Mailer port over SESv2 SendEmail with raw content. SES replaces our Message-ID with its
 * own, so `send` returns the header SES writes: `<MessageId@sesMessageIdDomain>` — the value a
 * reply's `In-Reply-To` will carry.
 */
/**
 * SES says "not now" for the whole account (throttling, paused sending, an identity still
 * verifying): the send queue holds such an email with backoff and the rest of its batch too.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html#API_SendEmail_Errors
 */
const REFUSALS_FOR_NOW = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'SendingPausedException',
  'AccountSuspendedException',
  'SesIdentityNotVerifiedError',
]);

export function sesRefusesForNow(error: unknown): boolean {
  return error instanceof Error && REFUSALS_FOR_NOW.has(error.name);
}

export class SesV2Mailer implements Mailer {
  private readonly sesMessageIdDomain: string;

  constructor(private readonly options: SesV2MailerOptions) {
    const { region } = options;
    this.sesMessageIdDomain =
      options.sesMessageIdDomain ?? (region && region !== 'us-east-1' ? `${region}.amazonses.com` : 'email.amazonses.com');
  }

  async send(email: OutboundEmail): Promise<{ messageId: string }> {
    return this.sendRaw(await this.compose(email));
  }

  /** The message as SES will be given it (the send queue carries these bytes). */
  async compose(email: OutboundEmail): Promise<Buffer> {
    const { raw } = await composeMime(email, {
      date: (this.options.clock ?? systemClock).now(),
      ...(this.options.messageIdDomain !== undefined ? { messageIdDomain: this.options.messageIdDomain } : {}),
    });
    return raw;
  }

  /** Whether an error of `sendRaw` means SES refuses every send for now (see {@link sesRefusesForNow}). */
  refusesForNow(error: unknown): boolean {
    return sesRefusesForNow(error);
  }

  /** Sends a composed message; the errors are those of `send`. */
  async sendRaw(raw: Uint8Array): Promise<{ messageId: string }> {
    const command = new SendEmailCommand({
      Content: { Raw: { Data: raw } },
      ...(this.options.configurationSetName !== undefined ? { ConfigurationSetName: this.options.configurationSetName } : {}),
    });
    const result = await this.options.client.send(command).catch((error: unknown) => {
      // Refusals of this message that no retry changes (e.g. content SES will not send);
      // throttling, paused sending and unverified identities may pass, so they stay retryable.
      // https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html#API_SendEmail_Errors
      if (error instanceof MessageRejected && UNVERIFIED_IDENTITY.test(error.message)) {
        throw new SesIdentityNotVerifiedError(`SES refused the message until an identity is verified: ${error.message}`, { cause: error });
      }
      if (error instanceof MessageRejected || error instanceof MailFromDomainNotVerifiedException) {
        throw new PermanentSendError(`SES refused the message: ${error.name}: ${error.message}`, { cause: error });
      }
      throw error;
    });
    if (!result.MessageId) throw new SendWithoutMessageIdError('SES accepted the message without a MessageId');
    return { messageId: `<${result.MessageId}@${this.sesMessageIdDomain}>` };
  }
}
