import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Contact, Interview } from '../../domain/model';
import { type Key, keys, userPk } from './keys';

/**
 * What a reminder needs about the past, kept where a few items answer it whatever the history
 * (issue 24): a `MET#<email>#<startUtc>#<interviewId>` marker for every conversation with a
 * person that is not cancelled (is this a follow-up?), and a
 * `REFERRAL#<fromInterviewId>#<createdAt>#<email>` marker for every referral a conversation
 * brought (whom does the thank-you suggest next?). A marker is written after the item it stands
 * for, so a write that stops half-way can leave an old one behind: readers confirm each marker
 * against its item before believing it. See docs/benchmarks.md ("Reminders in constant reads").
 */

interface Table {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** How many markers a reader looks at, newest first, before it gives up on finding a current one. */
const MARKERS_READ = 3;

/** The marker an interview stands for: none without a contact, or once cancelled. */
export function meetingMarker(interview: Interview): Key | undefined {
  if (!interview.contact || interview.status === 'cancelled') return undefined;
  return keys.met(interview.userId, interview.contact.email, interview.startUtc, interview.interviewId);
}

/** The marker a contact stands for: only a referral that names the interview it came from. */
export function referralMarker(contact: Contact): Key | undefined {
  if (contact.source !== 'referral' || !contact.fromInterviewId) return undefined;
  return keys.referral(contact.userId, contact.fromInterviewId, contact.createdAt, contact.email);
}

/**
 * Moves an interview's marker after the interview was written: `previousItem` is the item it
 * replaced (PutItem's ALL_OLD), whose marker goes when it differs from the new one.
 */
export async function moveMeetingMarker(table: Table, interview: Interview, previousItem: Record<string, unknown> | undefined) {
  const current = meetingMarker(interview);
  const previous = Interview.safeParse(previousItem ?? {});
  const old = previous.success ? meetingMarker(previous.data) : undefined;
  if (current) await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...current, ref: interview.interviewId } }));
  if (old && old.SK !== current?.SK) await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: old }));
}

/** Writes a referral's marker after the contact (a contact's source and origin do not change, so there is none to move). */
export async function putReferralMarker(table: Table, contact: Contact): Promise<void> {
  const marker = referralMarker(contact);
  if (marker) await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...marker, ref: contact.email } }));
}

/**
 * The `ref` (interview id or contact address) of the newest few markers between `from` and
 * `until` (inclusive), one Query of at most MARKERS_READ small items: eventually consistent, as
 * a reminder fires hours after the writes it reads.
 */
export async function newestMarkers(table: Table, userId: string, from: string, until: string): Promise<{ sk: string; ref: string }[]> {
  const page = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :until',
      ExpressionAttributeValues: { ':pk': userPk(userId), ':from': from, ':until': until },
      ScanIndexForward: false,
      Limit: MARKERS_READ,
    }),
  );
  return (page.Items ?? []).map((item) => ({ sk: String(item.SK), ref: String(item.ref) }));
}
