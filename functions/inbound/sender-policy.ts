/**
 * Whom Rapport answers. It never answers machines (RFC 3834: auto-replies, bounces, lists) or
 * itself, so two robots can never mail each other forever; it acts only for senders whose
 * mail authenticates; and only for senders an operator allowed.
 */

interface InboundHeaders {
  get(name: string): string | undefined;
}

type AuthVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

export interface SenderVerdicts {
  spf: AuthVerdict;
  dkim: AuthVerdict;
  dmarc: AuthVerdict;
  spam?: AuthVerdict;
  virus?: AuthVerdict;
}

/** Why a message gets no answer at all; undefined when it may be answered. */
export function automatedReason(input: {
  headers: InboundHeaders;
  fromAddress: string | undefined;
  envelopeFrom: string | undefined;
  ownDomain: string;
}): string | undefined {
  const { headers } = input;
  const autoSubmitted = headers.get('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headers.get('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'list', 'junk'].includes(precedence)) return `Precedence: ${precedence}`;
  if (headers.get('list-id') || headers.get('list-unsubscribe')) return 'mailing list';
  if (headers.get('x-autoreply') || headers.get('x-autorespond')) return 'auto-reply';
  const envelope = input.envelopeFrom?.trim();
  if (envelope !== undefined && (envelope === '' || envelope === '<>')) return 'null sender (bounce)';
  const from = input.fromAddress?.toLowerCase();
  if (!from) return 'no From address';
  const local = from.slice(0, from.lastIndexOf('@'));
  if (local === 'mailer-daemon' || local === 'postmaster') return 'delivery report';
  const domain = from.slice(from.lastIndexOf('@') + 1);
  const own = input.ownDomain.toLowerCase();
  if (domain === own || domain.endsWith(`.${own}`)) return 'sent by Rapport itself';
  return undefined;
}

/**
 * Why a message SES delivered is dropped before anyone reads it: SES scanned it (the rule sets
 * `scanEnabled`) and found a virus or spam. Such mail is never acted on, whoever it claims to be from.
 * @see https://docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html#receiving-email-notifications-contents-receipt-object
 */
export function scanVerdictDrop(verdicts: Pick<SenderVerdicts, 'spam' | 'virus'>): string | undefined {
  if (verdicts.virus === 'FAIL') return 'virus verdict FAIL';
  if (verdicts.spam === 'FAIL') return 'spam verdict FAIL';
  return undefined;
}

/**
 * The SMTP front door's check of who sent a message (the local stand-in for SPF/DKIM/DMARC):
 * one From address only, and, once an allow-list is set, the envelope sender (MAIL FROM) must be
 * that address — otherwise anyone could write an allowed address into From. A null sender (a
 * bounce) passes here; the inbound workflow drops bounces unanswered.
 * Returns the refusal to give the client, or undefined.
 */
export function envelopeRefusal(input: {
  fromAddresses: readonly string[];
  envelopeFrom: string;
  allowed: readonly string[];
}): string | undefined {
  if (input.fromAddresses.length > 1) return `More than one From address (${input.fromAddresses.length}); Rapport acts for one sender`;
  if (input.allowed.some((entry) => entry.trim() === '*')) return undefined;
  const envelope = input.envelopeFrom.trim().toLowerCase();
  if (envelope === '' || input.fromAddresses.length === 0) return undefined;
  if (envelope !== input.fromAddresses[0]) return `The envelope sender (MAIL FROM ${envelope}) must be the From address`;
  return undefined;
}

/** What a message says of who sent it: read against SES's verdicts when the From domain publishes no DMARC record. */
export interface SenderIdentity {
  fromAddress: string;
  /** The envelope sender (MAIL FROM, SES's `mail.source`): the domain SPF checked. */
  envelopeFrom?: string;
  /** The `d=` domain of every DKIM-Signature header. */
  dkimDomains: readonly string[];
}

/**
 * SES verdicts: the message must carry an SPF or DKIM pass aligned with the From domain. When the
 * From domain publishes a DMARC record, SES checks that alignment and reports it as a DMARC pass.
 * When it publishes none (verdict GRAY), nobody checked it, so it is checked here: SPF passed for
 * the MAIL FROM domain, or DKIM passed and every signature names the From domain (SES does not say
 * which signature passed). A spoofed From gets nothing, not even a reply, since a reply would go
 * to the person being impersonated. Mail flagged as a virus never counts (scanVerdictDrop drops
 * it, and spam, earlier).
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-3.1 (identifier alignment)
 */
export function isAuthenticated(verdicts: SenderVerdicts, sender?: SenderIdentity): boolean {
  if (verdicts.virus === 'FAIL') return false;
  if (verdicts.dmarc === 'PASS') return verdicts.spf === 'PASS' || verdicts.dkim === 'PASS';
  if (verdicts.dmarc !== 'GRAY' || !sender) return false;
  const fromDomain = domainOf(sender.fromAddress);
  const spfAligned = verdicts.spf === 'PASS' && sender.envelopeFrom !== undefined && aligned(domainOf(sender.envelopeFrom), fromDomain);
  const dkimAligned =
    verdicts.dkim === 'PASS' && sender.dkimDomains.length > 0 && sender.dkimDomains.every((domain) => aligned(domain, fromDomain));
  return spfAligned || dkimAligned;
}

/**
 * The authenticated domain is the From domain or a parent of it (`example.com` vouches for
 * `mail.example.com`). Not the other way round: without the public suffix list, a subdomain of
 * the From domain might belong to someone else (`evil.co.uk` under `co.uk`).
 */
function aligned(authenticated: string, fromDomain: string): boolean {
  if (authenticated === '' || !authenticated.includes('.')) return false;
  return fromDomain === authenticated || fromDomain.endsWith(`.${authenticated}`);
}

/** `Jane <jane@Example.com>` or `jane@example.com` → `example.com`. */
function domainOf(address: string): string {
  const domain = address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
  return domain.endsWith('>') ? domain.slice(0, -1) : domain;
}

/** The `d=` tag of every DKIM-Signature header (RFC 6376 §3.5), lower case; a header without one is left out. */
export function dkimSigningDomains(headers: readonly { key: string; value: string }[]): string[] {
  const domains: string[] = [];
  for (const header of headers) {
    if (header.key.toLowerCase() !== 'dkim-signature') continue;
    for (const tag of header.value.split(';')) {
      const equals = tag.indexOf('=');
      if (equals > 0 && tag.slice(0, equals).trim().toLowerCase() === 'd')
        domains.push(
          tag
            .slice(equals + 1)
            .trim()
            .toLowerCase(),
        );
    }
  }
  return domains;
}

/** Entries are addresses (`jane@acme.com`) or domains (`acme.com`, `@acme.com`); `*` allows anyone. */
export function isAllowedSender(address: string, allowed: readonly string[]): boolean {
  const email = address.toLowerCase();
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return allowed.some((entry) => {
    const rule = entry.trim().toLowerCase();
    if (rule === '*') return true;
    if (rule.includes('@') && !rule.startsWith('@')) return rule === email;
    return rule.replace(/^@/, '') === domain;
  });
}
