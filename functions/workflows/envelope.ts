import { replyAddress, type ReplyTarget } from '../domain/reply-token';
import { type EmailStream, STOP_TOKEN_KINDS, unsubscribeUris } from '../domain/unsubscribe';
import type { ListUnsubscribe } from '../mime/list-unsubscribe';
import type { OutboundEmail } from '../ports';
import type { Deps } from './deps';

/** Who an email goes to, where its replies go and which conversation it belongs to: all of it but the content. */
interface Envelope {
  to: string;
  /**
   * Where a reply goes: a target signed into a `reply+<token>@` address (issued now, with the
   * current key), a plain address (`help@`, the person who asked), or nowhere (omitted).
   */
  replyTo?: ReplyTarget | string;
  /** The Message-ID this email answers or the interview's thread starts with: In-Reply-To and References. */
  thread?: string | undefined;
  /** RFC 3834: `auto-replied` for answers to the user's mail, `auto-generated` for what Rapport sends on its own. */
  autoSubmitted: OutboundEmail['autoSubmitted'];
  /** Sent even to a suppressed address: only the confirmation of a deletion (the right to delete outlives a bounce). */
  despiteSuppression?: OutboundEmail['despiteSuppression'];
  /** An email sent on a schedule: `List-Unsubscribe` stops this kind for this user (a signed address, and the one-click link). */
  unsubscribe?: Unsubscribe;
}

interface Unsubscribe {
  stream: EmailStream;
  userId: string;
}

/** What an email says: a rendered email, and files for the export. */
export type EmailContent = Pick<OutboundEmail, 'subject' | 'text' | 'html' | 'attachments'>;

/**
 * The one place an outbound email is put together: From is always Rapport's `log@`, a reply
 * target becomes a signed Reply-To, and a thread becomes the threading headers that keep every
 * email about one interview in one conversation.
 */
export async function outboundEmail(
  deps: Pick<Deps, 'config' | 'clock'>,
  envelope: Envelope,
  content: EmailContent,
): Promise<OutboundEmail> {
  const { replyTo, thread } = envelope;
  return {
    from: `Rapport <log@${deps.config.domain}>`,
    to: envelope.to,
    ...(replyTo === undefined ? {} : { replyTo: typeof replyTo === 'string' ? replyTo : await replyAddressFor(deps, replyTo) }),
    ...(thread ? { inReplyTo: thread, references: [thread] } : {}),
    autoSubmitted: envelope.autoSubmitted,
    ...(envelope.despiteSuppression ? { despiteSuppression: envelope.despiteSuppression } : {}),
    ...(envelope.unsubscribe ? { listUnsubscribe: await listUnsubscribeFor(deps, envelope.unsubscribe) } : {}),
    subject: content.subject,
    text: content.text,
    html: content.html,
    ...(content.attachments ? { attachments: content.attachments } : {}),
  };
}

/** The user's stop address for this kind of email, as a mailto and a one-click link (domain/unsubscribe.ts). */
async function listUnsubscribeFor(deps: Pick<Deps, 'config' | 'clock'>, stop: Unsubscribe): Promise<ListUnsubscribe> {
  const address = await replyAddressFor(deps, { kind: STOP_TOKEN_KINDS[stop.stream], userId: stop.userId });
  return unsubscribeUris(address, deps.config.unsubscribeUrl);
}

/** The signed `reply+<token>@` address for a target, issued now with the current key. */
export async function replyAddressFor(deps: Pick<Deps, 'config' | 'clock'>, target: ReplyTarget): Promise<string> {
  return replyAddress(target, deps.config.domain, await deps.config.tokenKeys(), deps.clock.now());
}
