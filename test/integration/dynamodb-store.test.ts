import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { ManualClock, storeContract } from '../support/store-contract';

const TABLE = 'rapport-test';

// The same contract runs on moto server in the moto tier (test/moto/dynamodb-store.test.ts).
describe('DynamoDbStore on dynalite (in-process)', () => {
  let local: LocalDynamoDb;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    local = await startLocalDynamoDb({ tableName: TABLE });
  });
  afterAll(async () => {
    await local?.close();
  });

  storeContract(() => ({
    store: new DynamoDbStore({ client: local.client, tableName: TABLE, clock }),
    clock,
    table: { doc: local.client, tableName: TABLE },
  }));
});
