/**
 * Whom Rapport answers. It never answers machines (RFC 3834: auto-replies, bounces, lists) or
 * itself, so two robots can never mail each other forever; it acts only for senders whose
 * mail authenticates; and only for senders an operator allowed.
 */

export interface InboundHeaders {
  get(name: string): string | undefined;
}

export type AuthVerdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

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
 * SES verdicts: the message must carry an SPF or DKIM pass that DMARC found aligned with the
 * From domain (SES reports that as a DMARC pass). A spoofed From gets nothing, not even a reply,
 * since a reply would go to the person being impersonated. Mail flagged as a virus never counts.
 */
export function isAuthenticated(verdicts: SenderVerdicts): boolean {
  if (verdicts.virus === 'FAIL') return false;
  return (verdicts.spf === 'PASS' || verdicts.dkim === 'PASS') && verdicts.dmarc === 'PASS';
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
