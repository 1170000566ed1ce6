import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { documentClientFor, ensureTable } from '../../functions/adapters/dynamodb/local-dynamodb';
import { startMotoServer, type MotoServer } from '../support/moto-server';
import { ManualClock, storeContract } from '../support/store-contract';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const TABLE = 'rapport-test';

describe('DynamoDbStore on moto server', () => {
  let moto: MotoServer | undefined;
  let client: DynamoDBDocumentClient;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    moto = await startMotoServer();
    client = documentClientFor(moto.endpoint);
    await ensureTable(client, TABLE);
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  storeContract(() => ({ store: new DynamoDbStore({ client, tableName: TABLE, clock }), clock, table: { doc: client, tableName: TABLE } }));
});
