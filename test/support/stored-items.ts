import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The table as the deployed functions left it, read item by item in the key layout of
 * functions/adapters/dynamodb/keys.ts: the tests that run the handlers on moto check what was
 * stored, not what the store's own reads make of it.
 */
export interface StoredTable {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** The user id recorded for an address, if any. */
export async function storedUserId(table: StoredTable, email: string): Promise<string | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { PK: `EMAIL#${email}`, SK: 'EMAIL' } }));
  return Item?.userId as string | undefined;
}

/** A user's interview items as stored. */
export async function storedInterviews(table: StoredTable, userId: string): Promise<Record<string, unknown>[]> {
  const { Items } = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':sk': 'INTERVIEW#' },
    }),
  );
  return Items ?? [];
}

/**
 * Takes away a user's MET#/REFERRAL# markers and their MARKERS progress item: the state of a
 * user whose interviews and contacts were written before the markers existed.
 */
export async function forgetHistoryMarkers(table: StoredTable, userId: string): Promise<number> {
  let removed = 0;
  for (const prefix of ['MET#', 'REFERRAL#', 'MARKERS']) {
    const { Items } = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':sk': prefix },
        ConsistentRead: true,
      }),
    );
    for (const item of Items ?? []) {
      await table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: { PK: item.PK, SK: item.SK } }));
      removed += 1;
    }
  }
  return removed;
}
