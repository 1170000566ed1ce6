import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { startLocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { aUser } from '../support/store-contract';

describe('local DynamoDB (dynalite)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rapport-dynalite-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the data in its directory across a restart', async () => {
    const user = aUser();
    const first = await startLocalDynamoDb({ tableName: 'rapport', path: join(dataDir, 'db') });
    try {
      await new DynamoDbStore({ client: first.client, tableName: 'rapport' }).putUser(user);
    } finally {
      await first.close();
    }

    const second = await startLocalDynamoDb({ tableName: 'rapport', path: join(dataDir, 'db') });
    try {
      expect(await new DynamoDbStore({ client: second.client, tableName: 'rapport' }).getUser(user.userId)).toEqual(user);
      expect(second.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await second.close();
    }
  });
});
