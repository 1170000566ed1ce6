import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
      // No TCP port: a Unix socket in a folder only this account can enter.
      expect(statSync(dirname(second.socketPath)).mode & 0o777).toBe(0o700);
    } finally {
      await second.close();
    }
  });
});
