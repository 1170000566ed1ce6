import { createHash, randomBytes } from 'node:crypto';
import type { Ids } from '../ports';

/**
 * Every id Rapport makes, in one place. Most are derived from stable business data (so a retry
 * or a forwarded update lands on the same item without a lookup); only a user id is random.
 */

/** User ids are 12 hex chars (48 random bits): short enough for reply tokens, unique enough per deployment. */
export const randomIds: Ids = {
  newUserId: () => randomBytes(6).toString('hex'),
};

/**
 * The interview id is derived from the user and the calendar UID, so a forwarded update or
 * cancel of the same event lands on the same item without a lookup. 20 hex chars (80 bits)
 * keep schedule names and reply tokens short.
 */
export function interviewIdFor(userId: string, calendarUid: string): string {
  return createHash('sha256').update(`${userId}\n${calendarUid}`).digest('hex').slice(0, 20);
}

/** Key for dropping duplicate deliveries of one inbound message. */
export function inboundMessageKey(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex').slice(0, 32);
}

/** The keep-in-touch schedule of one contact: `<20 hex>-touch`, well within Scheduler's 64 characters. */
export function followUpScheduleName(userId: string, email: string): string {
  return `${createHash('sha256').update(`${userId}\n${email.trim().toLowerCase()}`).digest('hex').slice(0, 20)}-touch`;
}

/**
 * The id of an email's numbered items, derived from what the email is (e.g. `digest#2027-W10`),
 * so a retried send writes the same list under the same id. 20 hex chars fit the reply token.
 */
export function actionListIdFor(userId: string, sendKey: string): string {
  return createHash('sha256').update(`${userId}\n${sendKey}`).digest('hex').slice(0, 20);
}
