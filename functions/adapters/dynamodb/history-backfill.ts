import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Contact, Interview } from '../../domain/model';
import { keys, normalizeEmail, sortableUtc, userPk } from './keys';
import { moveMeetingMarker, putReferralMarker } from './history-items';
import { TABLE_KEYS } from './table';
import { queryItems } from './table-io';

/**
 * The MET#/REFERRAL# markers (history-items.ts) for interviews and contacts written before the
 * markers existed. A user's `MARKERS` item says how far their history has been marked: absent
 * (a user from before), part-way (where to go on), or done at MARKERS_VERSION. createUser writes
 * it done, as a new user has no history; for the others, each reminder that reads the markers
 * first marks up to BACKFILL_ITEMS_PER_CALL more items, and until the history is all marked it
 * answers from the whole history, as Rapport did before the markers. Rewriting a marker is
 * harmless, so a step cut short is simply done again. See docs/benchmarks.md ("Reminders in
 * constant reads").
 */
export const MARKERS_VERSION = 1;
/** Interviews and contacts marked per call: one call stays a few seconds, a 30,000-item history takes about 60 calls. */
export const BACKFILL_ITEMS_PER_CALL = 500;
const QUERY_PAGE_ITEMS = 100;
const MARKERS_SK = 'MARKERS';

interface Table {
  client: DynamoDBDocumentClient;
  tableName: string;
}

type Phase = 'interviews' | 'contacts';
const PHASE_PREFIX: Record<Phase, string> = { interviews: keys.interviewPrefix, contacts: keys.contactPrefix };

interface Progress {
  version: number;
  done: boolean;
  phase?: Phase;
  after?: Record<string, unknown>;
}

const progressKey = (userId: string) => ({ [TABLE_KEYS.partitionKey]: userPk(userId), [TABLE_KEYS.sortKey]: MARKERS_SK });

async function readProgress(table: Table, userId: string, consistent: boolean): Promise<Progress | undefined> {
  const read = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: progressKey(userId), ConsistentRead: consistent }),
  );
  return read.Item as Progress | undefined;
}

async function writeProgress(table: Table, userId: string, progress: Progress): Promise<void> {
  await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...progressKey(userId), ...progress } }));
}

/** Says a user's history is all marked: a new user's, which has none yet. */
export async function markersDone(table: Table, userId: string): Promise<void> {
  await writeProgress(table, userId, { version: MARKERS_VERSION, done: true });
}

/** Whether every interview and contact of the user has its marker (one small read). */
export async function markersCurrent(table: Table, userId: string): Promise<boolean> {
  const progress = await readProgress(table, userId, false);
  return progress?.version === MARKERS_VERSION && progress.done;
}

/** Whether the user's markers can be read: all written, or all written by one more bounded step. */
export async function markersReady(table: Table, userId: string): Promise<boolean> {
  return (await markersCurrent(table, userId)) || (await backfillMarkers(table, userId)).done;
}

/** Writes the marker one stored item stands for, if any. */
async function markItem(table: Table, phase: Phase, item: Record<string, unknown>): Promise<void> {
  if (phase === 'interviews') {
    const interview = Interview.safeParse(item);
    if (interview.success) await moveMeetingMarker(table, interview.data, undefined);
  } else {
    const contact = Contact.safeParse(item);
    if (contact.success) await putReferralMarker(table, contact.data);
  }
}

/**
 * Marks up to `maxItems` more of the user's interviews, then contacts, from where the last call
 * stopped; `done` once every one is marked.
 */
export async function backfillMarkers(table: Table, userId: string, maxItems = BACKFILL_ITEMS_PER_CALL): Promise<{ done: boolean }> {
  const progress = await readProgress(table, userId, true);
  if (progress?.version === MARKERS_VERSION && progress.done) return { done: true };
  let phase: Phase = progress?.version === MARKERS_VERSION ? (progress.phase ?? 'interviews') : 'interviews';
  let after = progress?.version === MARKERS_VERSION ? progress.after : undefined;
  for (let left = maxItems; left > 0;) {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: `${TABLE_KEYS.partitionKey} = :pk AND begins_with(${TABLE_KEYS.sortKey}, :prefix)`,
        ExpressionAttributeValues: { ':pk': userPk(userId), ':prefix': PHASE_PREFIX[phase] },
        ConsistentRead: true,
        Limit: Math.min(left, QUERY_PAGE_ITEMS),
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    for (const item of page.Items ?? []) await markItem(table, phase, item);
    left -= page.Items?.length ?? 0;
    after = page.LastEvaluatedKey;
    if (after) continue;
    if (phase === 'contacts') {
      await markersDone(table, userId);
      return { done: true };
    }
    phase = 'contacts';
  }
  await writeProgress(table, userId, { version: MARKERS_VERSION, done: false, phase, ...(after ? { after } : {}) });
  return { done: false };
}

/** Before the markers: whether a conversation with `email`, not cancelled, starts before `beforeUtc`, read from every earlier interview. */
export async function metBeforeFromHistory(table: Table, userId: string, email: string, beforeUtc: string): Promise<boolean> {
  const { gsi1Name, gsi1PartitionKey, gsi1SortKey } = TABLE_KEYS;
  const earlier = queryItems(table.client, {
    TableName: table.tableName,
    IndexName: gsi1Name,
    KeyConditionExpression: `${gsi1PartitionKey} = :pk AND ${gsi1SortKey} < :before`,
    ExpressionAttributeValues: { ':pk': userPk(userId), ':before': sortableUtc(beforeUtc) },
  });
  for await (const item of earlier) {
    const interview = Interview.safeParse(item);
    if (!interview.success || interview.data.status === 'cancelled') continue;
    if (interview.data.contact && normalizeEmail(interview.data.contact.email) === normalizeEmail(email)) return true;
  }
  return false;
}

/** Before the markers: the newest referral an interview brought, read from every contact. */
export async function latestReferralFromHistory(table: Table, userId: string, interviewId: string): Promise<Contact | undefined> {
  let latest: Contact | undefined;
  const contacts = queryItems(table.client, {
    TableName: table.tableName,
    KeyConditionExpression: `${TABLE_KEYS.partitionKey} = :pk AND begins_with(${TABLE_KEYS.sortKey}, :prefix)`,
    ExpressionAttributeValues: { ':pk': userPk(userId), ':prefix': keys.contactPrefix },
  });
  for await (const item of contacts) {
    const contact = Contact.safeParse(item);
    if (!contact.success || contact.data.source !== 'referral' || contact.data.fromInterviewId !== interviewId) continue;
    if (!latest || contact.data.createdAt > latest.createdAt) latest = contact.data;
  }
  return latest;
}
