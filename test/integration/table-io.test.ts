import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { conditionHeld, queryItems } from '../../functions/adapters/dynamodb/table-io';

/** The two reads and writes every module of the DynamoDB adapter shares, against dynalite. */
const TABLE = 'rapport-table-io';
let db: LocalDynamoDb;

beforeAll(async () => {
  db = await startLocalDynamoDb({ tableName: TABLE });
});
afterAll(async () => {
  await db?.close();
});

const put = (sk: string, condition?: string) =>
  db.client.send(
    new PutCommand({ TableName: TABLE, Item: { PK: 'io', SK: sk }, ...(condition ? { ConditionExpression: condition } : {}) }),
  );

describe('queryItems', () => {
  it('reads every page of a query, in key order, not only the first', async () => {
    for (const sk of ['a', 'b', 'c', 'd', 'e']) await put(sk);
    const seen: unknown[] = [];
    // Two items a page: three pages, the last one short.
    for await (const item of queryItems(db.client, {
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'io' },
      Limit: 2,
    })) {
      seen.push(item.SK);
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('conditionHeld', () => {
  it('answers true for a write whose condition held and false for one whose condition failed', async () => {
    expect(await conditionHeld(put('once', 'attribute_not_exists(PK)'))).toBe(true);
    expect(await conditionHeld(put('once', 'attribute_not_exists(PK)'))).toBe(false);
  });

  it('throws any other failure, so it is retried rather than taken for "not written"', async () => {
    await expect(
      conditionHeld(db.client.send(new PutCommand({ TableName: 'no-such-table', Item: { PK: 'io', SK: 'x' } }))),
    ).rejects.toThrow(/not found|ResourceNotFound|non-existent/i);
  });
});
