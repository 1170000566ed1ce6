import { join } from 'node:path';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { startLocalDynamoDb } from '../../functions/adapters/dynamodb/local-dynamodb';
import { aUser } from '../support/store-contract';
import { tempDirPerTest } from '../support/temp-dir';

describe('local DynamoDB (dynalite)', () => {
  const dir = tempDirPerTest('rapport-dynalite-');

  it('keeps the data in its directory across a restart', async () => {
    const user = aUser();
    const first = await startLocalDynamoDb({ tableName: 'rapport', path: join(dir.path, 'db') });
    try {
      await new DynamoDbStore({ client: first.client, tableName: 'rapport' }).putUser(user);
    } finally {
      await first.close();
    }

    const second = await startLocalDynamoDb({ tableName: 'rapport', path: join(dir.path, 'db') });
    try {
      expect(await new DynamoDbStore({ client: second.client, tableName: 'rapport' }).getUser(user.userId)).toEqual(user);
      expect(second.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await second.close();
    }
  });
});
