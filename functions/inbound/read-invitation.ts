import { findInvitation } from './extract-invitation';
import type { ExtractResult } from './invitation-types';
import type { ParsedMessage } from './parse-message';
import { readTextInvitation } from './text-invitation-times';

/**
 * The whole reading of a message's invitation in one process, as a user sees its outcome: what
 * inbound-email finds (findInvitation) and, for an invitation forwarded as text, the labelled
 * times process-inbound reads (readTextInvitation). `rapport parse`, the corpus score and the
 * parse benchmark use it; the functions in AWS never import it, each doing its own half.
 */
export function readInvitation(message: ParsedMessage, receivedAt: Date): ExtractResult {
  const found = findInvitation(message, receivedAt);
  return 'found' in found ? readTextInvitation(found) : found;
}
