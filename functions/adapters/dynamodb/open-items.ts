import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from '../../commons/zod';
import { contactDueEntry, type DueEntry } from '../../domain/keep-in-touch';
import { ActionList, Contact, type TotalName, Totals } from '../../domain/model';
import { type Key, keys, userPk } from './keys';
import { conditionHeld } from './table-io';

/**
 * The items that let the digest read in bounded units whatever the history (issue 13): the due
 * index (`OPEN#<dueUtc>#<kind>#<ref>`, small items carrying what the digest shows), the totals
 * kept on write (`TOTALS`), and the numbered items of an email (`ACTIONS#<listId>`).
 */

const DueItem = z.object({
  kind: z.enum(['follow-up', 'referral', 'thank-you']),
  dueUtc: z.string(),
  ref: z.string(),
  label: z.string(),
  detail: z.string().optional(),
});

interface Table {
  client: DynamoDBDocumentClient;
  tableName: string;
}

function dueKeyOf(userId: string, contact: Contact | undefined): Key | undefined {
  const entry = contact ? contactDueEntry(contact) : undefined;
  return entry ? keys.open(userId, entry) : undefined;
}

/**
 * The contact first (its item names the index entry it stands for, and one left over from a
 * write that stopped half-way), then the new entry, then the old ones go: a crash at any point
 * leaves the contact right, and its next write removes what is left of the old entry.
 */
export async function putContactWithIndex(table: Table, contact: Contact, item: Record<string, unknown>): Promise<void> {
  const dueKey = dueKeyOf(contact.userId, contact);
  const previous = await table.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: keys.contact(contact.userId, contact.email),
      ConsistentRead: true,
      ProjectionExpression: 'dueSK, staleDueSKs',
    }),
  );
  const before = [previous.Item?.dueSK, ...((previous.Item?.staleDueSKs as unknown[] | undefined) ?? [])];
  const stale = [...new Set(before.filter((sk): sk is string => typeof sk === 'string' && sk !== dueKey?.SK))];
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...item, ...(dueKey ? { dueSK: dueKey.SK } : {}), ...(stale.length > 0 ? { staleDueSKs: stale } : {}) },
    }),
  );
  const entry = contactDueEntry(contact);
  if (entry) await replaceDue(table, contact.userId, entry);
  if (stale.length === 0) return;
  for (const sk of stale)
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: { PK: userPk(contact.userId), SK: sk } }));
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.contact(contact.userId, contact.email),
      UpdateExpression: 'REMOVE staleDueSKs',
    }),
  );
}

/** Writes an index entry; true when it was not there before (so a caller can count it once). */
export async function putDue(table: Table, userId: string, entry: DueEntry): Promise<boolean> {
  const valid = DueItem.parse(entry);
  return conditionHeld(
    table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.open(userId, valid), ...JSON.parse(JSON.stringify(valid)) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  );
}

/**
 * Writes a contact's index entry over the one at the same key: its state can change while its due
 * time stays (a referral moves to "intro sent"), and the digest shows what the entry carries.
 */
async function replaceDue(table: Table, userId: string, entry: DueEntry): Promise<void> {
  const valid = DueItem.parse(entry);
  await table.client.send(
    new PutCommand({ TableName: table.tableName, Item: { ...keys.open(userId, valid), ...JSON.parse(JSON.stringify(valid)) } }),
  );
}

/** True when the item was there (ALL_OLD returns what was deleted). */
export async function deleteDue(table: Table, userId: string, entry: Pick<DueEntry, 'kind' | 'dueUtc' | 'ref'>): Promise<boolean> {
  const deleted = await table.client.send(
    new DeleteCommand({ TableName: table.tableName, Key: keys.open(userId, entry), ReturnValues: 'ALL_OLD' }),
  );
  return deleted.Attributes !== undefined;
}

/**
 * One Query over the index, `Limit` bounding what it reads: the units grow with the page, never
 * with every contact ever met. Eventually consistent (half the units): a digest may miss a write
 * made the same second.
 */
export async function listDue(
  table: Table,
  userId: string,
  options: { untilUtc: string; limit: number },
): Promise<{ entries: DueEntry[]; more: boolean }> {
  const page = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :until',
      ExpressionAttributeValues: { ':pk': userPk(userId), ':from': keys.openPrefix, ':until': keys.openUntil(options.untilUtc) },
      Limit: options.limit,
    }),
  );
  const entries = (page.Items ?? []).map((item) => DueItem.parse(item) as DueEntry);
  return { entries, more: page.LastEvaluatedKey !== undefined };
}

const TOTAL_NAMES: readonly TotalName[] = ['interviewsLogged', 'held', 'contacts', 'referrals', 'followUpsDone', 'notes'];

export async function getTotals(table: Table, userId: string): Promise<Totals> {
  const result = await table.client.send(new GetCommand({ TableName: table.tableName, Key: keys.totals(userId), ConsistentRead: true }));
  return Totals.parse(result.Item ?? {});
}

/** ADD is atomic on the one item, so concurrent writers never lose each other's counts. */
export async function addToTotals(
  table: Table,
  userId: string,
  changes: Partial<Record<TotalName, number>>,
  lastHeldUtc?: string,
): Promise<void> {
  const names = TOTAL_NAMES.filter((name) => (changes[name] ?? 0) !== 0);
  if (names.length > 0) {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.totals(userId),
        UpdateExpression: `ADD ${names.map((name) => `#${name} :${name}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, changes[name]])),
      }),
    );
  }
  if (lastHeldUtc === undefined) return;
  // A condition that fails means a later interview was recorded already: the latest stays.
  await conditionHeld(
    table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.totals(userId),
        UpdateExpression: 'SET lastHeldUtc = :at',
        ConditionExpression: 'attribute_not_exists(lastHeldUtc) OR lastHeldUtc < :at',
        ExpressionAttributeValues: { ':at': lastHeldUtc },
      }),
    ),
  );
}

/** Kept 120 days: long enough to answer an old digest, then DynamoDB's TTL sweeps it. */
const ACTION_LIST_TTL_SECONDS = 120 * 86_400;

export async function putActionList(table: Table, list: ActionList): Promise<void> {
  const valid = ActionList.parse(list);
  const expiresAt = Math.floor(new Date(valid.createdAt).getTime() / 1000) + ACTION_LIST_TTL_SECONDS;
  await table.client.send(
    new PutCommand({ TableName: table.tableName, Item: { ...keys.actions(valid.userId, valid.listId), ...valid, expiresAt } }),
  );
}

export async function getActionList(table: Table, userId: string, listId: string): Promise<ActionList | undefined> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.actions(userId, listId), ConsistentRead: true }),
  );
  return result.Item ? ActionList.parse(result.Item) : undefined;
}
